/// A session implementation under test: the third role beside verifier and signer.
///
/// The runner hands it one whole script on a fresh install and compares the observations,
/// one per step, with the vector's. Throw ``ImplementationUnsupported`` to skip a script
/// (for example a platform you do not model); a failed SDK call is an observation, not a throw.
public protocol SessionDriver: Sendable {
    /// Runs the steps of `request` on a fresh session and returns one observation per step.
    func run(_ request: SessionRequest) async throws -> [SessionObservation]
}

/// A session stepped one call at a time, such as a wrapper around an SDK or a model of one.
///
/// ```swift
/// struct MySession: SessionModel {
///     mutating func perform(_ step: SessionStep) async throws -> SessionObservation { … }
/// }
/// let driver = SessionModelDriver { request in MySession(request) }
/// ```
public protocol SessionModel {
    /// Makes one call and reports the outcome and the session after it.
    mutating func perform(_ step: SessionStep) async throws -> SessionObservation
}

/// Runs each script on a fresh ``SessionModel`` made for its request.
public struct SessionModelDriver<Model: SessionModel>: SessionDriver {
    private let makeModel: @Sendable (SessionRequest) throws -> Model

    /// Creates a driver that builds a new model for every script.
    public init(makeModel: @escaping @Sendable (SessionRequest) throws -> Model) {
        self.makeModel = makeModel
    }

    public func run(_ request: SessionRequest) async throws -> [SessionObservation] {
        var model = try makeModel(request)
        var observations: [SessionObservation] = []
        for step in request.steps {
            observations.append(try await model.perform(step))
        }
        return observations
    }
}
