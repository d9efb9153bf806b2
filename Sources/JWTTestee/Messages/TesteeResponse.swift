import JWTConformance

/// The answer to a `verify`, `sign` or `session` request, without its `id`.
public enum TesteeResponse: Sendable, Hashable {
    /// A verifier's verdict: `"result":"accept"` with an identity, or `"result":"reject"`.
    case verdict(Verdict)
    /// A signer's token: `{"id":…,"token":"…"}`.
    case token(String)
    /// A session's observations, one per step: `"result":"observations"`.
    case observations([SessionObservation])
    /// The testee declines the request (`"result":"skip"`).
    case skip(String?)
    /// The testee could not handle the request (`"result":"error"`).
    case error(String?)

    /// The message as a JSON object, answering the request `id`.
    public func json(id: String?) -> JSONValue {
        var object: JSONObject = ["id": id.map(JSONValue.string) ?? .null]
        switch self {
        case .verdict(.accept(let identity)):
            object["result"] = "accept"
            object["identity"] = identity.json
        case .verdict(.reject(let reason)):
            object["result"] = "reject"
            if let reason { object["reason"] = .string(reason.rawValue) }
        case .token(let token):
            object["token"] = .string(token)
        case .observations(let observations):
            object["result"] = "observations"
            object["observations"] = .array(observations.map(\.json))
        case .skip(let message):
            object["result"] = "skip"
            if let message { object["message"] = .string(message) }
        case .error(let message):
            object["result"] = "error"
            if let message { object["message"] = .string(message) }
        }
        return .object(object)
    }

    /// The message as one protocol line, newline included.
    public func line(id: String?) -> [UInt8] { json(id: id).serializedUTF8() + [UInt8(ascii: "\n")] }

    /// Reads the answer to `request`, which must echo its id.
    ///
    /// - Throws: A ``ProtocolViolation`` naming the problem (not JSON, a wrong id, a missing or
    ///   misspelled member).
    public init(line: some Collection<UInt8>, answering request: TesteeRequest) throws(ProtocolViolation) {
        let fields = try FieldReader(protocolLine: line)
        let id = try? fields.optionalField("id")?.value
        guard case .string(request.id ?? "") = id else {
            throw ProtocolViolation(
                "it answers id \(id?.excerpt ?? "(none)"), expected \(JSONValue.string(request.id ?? "").excerpt)"
            )
        }
        self = try fields.message { fields throws(DataFileError) in try Self(message: fields, answering: request) }
    }

    private init(message fields: FieldReader, answering request: TesteeRequest) throws(DataFileError) {
        let result = try fields.optionalField("result")?.string()
        switch (request, result) {
        case (_, "skip"):
            self = .skip(try fields.optionalField("message")?.string())
        case (_, "error"):
            self = .error(try fields.optionalField("message")?.string())
        case (.verify, "accept"):
            self = .verdict(.accept(try fields.field("identity").identity()))
        case (.verify, "reject"):
            self = .verdict(.reject(try fields.optionalField("reason")?.oneOf(RejectionReason.self)))
        case (.verify, let result?):
            throw fields.error(.unknownWord(result, expected: ["accept", "reject", "skip", "error"]), at: "$.result")
        case (.verify, nil):
            throw fields.error("member \"result\" is missing; expected accept, reject, skip or error")
        case (.sign, let result?):
            throw fields.error("member \"result\" is \(JSONValue.string(result).excerpt); a sign answer has a \"token\", or \"result\" skip or error")
        case (.sign, nil):
            guard try fields.optionalField("token") != nil else {
                throw fields.error("member \"token\" is missing; a sign answer has a \"token\", or \"result\" skip or error")
            }
            self = .token(try fields.field("token").string())
        case (.session, "observations"):
            self = .observations(try fields.field("observations").elements { observation throws(DataFileError) in try observation.sessionObservation() })
        case (.session, let result?):
            throw fields.error(.unknownWord(result, expected: ["observations", "skip", "error"]), at: "$.result")
        case (.session, nil):
            throw fields.error("member \"result\" is missing; expected observations, skip or error")
        case (.hello, _), (.unknown, _):
            self = .skip(try fields.optionalField("message")?.string())
        }
    }
}
