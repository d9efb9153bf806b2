import JWTConformance

extension Implementation {
    /// A running testee as an implementation: its name, roles and profiles come from its
    /// `hello`, and each verify, sign or session request is one exchange; verify requests made
    /// together go in the windows the testee's `hello` advertises.
    ///
    /// An exchange that fails (timeout, crash, bad line) throws ``TesteeExchangeError``, which
    /// the runner records as an error for that vector; `"result":"skip"` becomes a skip.
    public static func testee(_ testee: SubprocessTestee, hello: HelloResponse) -> Implementation {
        let roles = hello.knownRoles
        return Implementation(
            metadata: hello.implementation,
            profiles: Set(hello.profiles),
            verifier: roles.contains(.verifier) ? SubprocessTokenVerifier(testee: testee) : nil,
            signer: roles.contains(.signer) ? SubprocessTokenSigner(testee: testee) : nil,
            session: roles.contains(.session) ? SubprocessSessionDriver(testee: testee) : nil
        )
    }
}

/// Sends `verify` requests to a testee; a request's `id` is its vector's id, or a running number.
struct SubprocessTokenVerifier: TokenVerifier {
    let testee: SubprocessTestee

    func verify(_ request: VerificationRequest) async throws -> Verdict {
        let id = request.vectorID?.rawValue ?? testee.nextRequestID()
        return try Self.verdict(await testee.send(.verify(id: id, request)), id: id)
    }

    /// Sends the requests together, in windows as large as the testee advertises.
    func verify(_ requests: [VerificationRequest]) async -> [Result<Verdict, any Error>] {
        let ids = requests.map { $0.vectorID?.rawValue ?? testee.nextRequestID() }
        let answers = await testee.send(zip(ids, requests).map { TesteeRequest.verify(id: $0, $1) })
        return zip(ids, answers).map { id, answer in Result { try Self.verdict(answer, id: id) } }
    }

    private static func verdict(_ answer: Result<TesteeResponse, TesteeExchangeError>, id: String) throws -> Verdict {
        switch try answer.answer() {
        case .verdict(let verdict): return verdict
        case let other: throw TesteeExchangeError("response for \(id) is not valid protocol: \(other) answers no verify request")
        }
    }
}

/// Sends `sign` requests to a testee.
struct SubprocessTokenSigner: TokenSigner {
    let testee: SubprocessTestee

    func sign(_ request: SigningRequest) async throws -> String {
        let id = request.vectorID?.rawValue ?? testee.nextRequestID()
        switch try await testee.send(.sign(id: id, request)).answer() {
        case .token(let token): return token
        case let other: throw TesteeExchangeError("response for \(id) is not valid protocol: \(other) answers no sign request")
        }
    }
}

/// Sends each session script to a testee as one `session` request.
struct SubprocessSessionDriver: SessionDriver {
    let testee: SubprocessTestee

    func run(_ request: SessionRequest) async throws -> [SessionObservation] {
        let id = request.vectorID?.rawValue ?? testee.nextRequestID()
        switch try await testee.send(.session(id: id, request)).answer() {
        case .observations(let observations): return observations
        case let other: throw TesteeExchangeError("response for \(id) is not valid protocol: \(other) answers no session request")
        }
    }
}

extension Result<TesteeResponse, TesteeExchangeError> {
    /// The answer, with skips and reported errors turned into the errors the runner understands.
    func answer() throws -> TesteeResponse {
        switch self {
        case .success(.skip(let message)): throw ImplementationUnsupported(message ?? "the testee skipped it")
        case .success(.error(let message)): throw TesteeReportedError(message)
        case .success(let response): return response
        case .failure(let error): throw error
        }
    }
}
