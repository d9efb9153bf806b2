import JWTConformance

/// The members of the `session` operation: the script in the request, the observations in
/// the response (see `PROTOCOL.md`).
extension MessageFields {
    /// The request's `profile`, `platform`, `keys`, `history` and `steps`.
    func sessionRequest() throws(ProtocolViolation) -> SessionRequest {
        do {
            return try SessionRequest(json: .object(object))
        } catch {
            throw ProtocolViolation(Self.describe(error))
        }
    }

    /// The response's `observations`, one per step.
    func observations() throws(ProtocolViolation) -> [SessionObservation] {
        guard let value = value("observations") else { throw ProtocolViolation("member \"observations\" is missing") }
        guard case .array(let elements) = value else {
            throw ProtocolViolation("member \"observations\" is \(value.excerpt) (\(value.typeName)); expected an array")
        }
        var observations: [SessionObservation] = []
        for (index, element) in elements.enumerated() {
            do {
                observations.append(try SessionObservation(json: element))
            } catch {
                throw ProtocolViolation("observations[\(index)]: \(Self.describe(error))")
            }
        }
        return observations
    }

    /// A loading error as a protocol message: the member path without the leading `$.`, then the problem.
    private static func describe(_ error: VectorLoadingError) -> String {
        let path = error.path.hasPrefix("$.") ? String(error.path.dropFirst(2)) : error.path
        return path == "$" ? error.message : "member \"\(path)\": \(error.message)"
    }
}
