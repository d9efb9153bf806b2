import JWTConformance

/// The version of the testee protocol this package speaks.
public let testeeProtocolVersion: Int64 = 1

/// One request of the testee protocol: a line of JSON the harness writes to the testee's stdin.
///
/// See `PROTOCOL.md`. Every request but `hello` carries an `id` that the response echoes.
public enum TesteeRequest: Sendable, Hashable {
    /// Opens the conversation: `{"op":"hello","protocol":1}`.
    case hello(protocol: Int64)
    /// Asks a verifier for a verdict on a token.
    case verify(id: String, VerificationRequest)
    /// Asks a signer for a token.
    case sign(id: String, SigningRequest)
    /// Asks a session implementation to run a script on a fresh session.
    case session(id: String, SessionRequest)
    /// An operation this version does not know (a later version's): answered with `skip`.
    case unknown(op: String, id: String?)

    /// The request's `op` member.
    public var op: String {
        switch self {
        case .hello: "hello"
        case .verify: "verify"
        case .sign: "sign"
        case .session: "session"
        case .unknown(let op, _): op
        }
    }

    /// The request's `id`, when it has one.
    public var id: String? {
        switch self {
        case .hello: nil
        case .verify(let id, _), .sign(let id, _), .session(let id, _): id
        case .unknown(_, let id): id
        }
    }

    /// The message as a JSON object.
    public var json: JSONValue {
        switch self {
        case .hello(let version):
            return ["op": "hello", "protocol": .number(JSONNumber(version))]
        case .verify(let id, let request):
            return [
                "op": "verify", "id": .string(id), "profile": .string(request.profile.rawValue),
                "token": .string(request.token), "keys": .array(request.keys.map(\.json)),
                "now": .number(JSONNumber(request.now)),
            ]
        case .sign(let id, let request):
            var object: JSONObject = [
                "op": "sign", "id": .string(id), "profile": .string(request.profile.rawValue),
                "key": request.key.json, "subject": request.subject.json, "now": .number(JSONNumber(request.now)),
            ]
            if let lifetime = request.lifetime { object["lifetime"] = .number(JSONNumber(lifetime)) }
            return .object(object)
        case .session(let id, let request):
            return .object(JSONObject(members: [(key: "op", value: "session"), (key: "id", value: .string(id))] + request.jsonMembers))
        case .unknown(let op, let id):
            return ["op": .string(op), "id": id.map(JSONValue.string) ?? .null]
        }
    }

    /// The message as one protocol line, newline included.
    public var line: [UInt8] {
        if case .verify(let id, let request) = self { return Self.verifyLine(id: id, request) }
        return json.serializedUTF8() + [UInt8(ascii: "\n")]
    }

    /// The line of a verify request: the bytes ``json`` serializes to, member by member, without
    /// building the object first (a fuzz run sends thousands a second).
    static func verifyLine(id: String, _ request: VerificationRequest) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(request.token.utf8.count + 80 * request.keys.count + 96)
        func append(_ text: String) { line.append(contentsOf: text.utf8) }
        func append(_ value: JSONValue) { line.append(contentsOf: value.serializedUTF8()) }
        append(#"{"op":"verify","id":"#)
        append(.string(id))
        append(#","profile":"#)
        append(.string(request.profile.rawValue))
        append(#","token":"#)
        append(.string(request.token))
        append(#","keys":["#)
        for (index, key) in request.keys.enumerated() {
            append(index == 0 ? #"{"kid":"# : #",{"kid":"#)
            append(key.kid.map(JSONValue.string) ?? .null)
            append(#","secret":"#)
            append(.string(key.secret))
            append("}")
        }
        append(#"],"now":"#)
        append(.number(JSONNumber(request.now)))
        append("}\n")
        return line
    }

    /// Reads one request line (without its newline).
    public init(line: some Collection<UInt8>) throws(ProtocolViolation) {
        self = try FieldReader(protocolLine: line).message(Self.init(message:))
    }

    private init(message fields: FieldReader) throws(DataFileError) {
        let op = try fields.field("op").string()
        switch op {
        case "hello":
            self = .hello(protocol: try fields.field("protocol").integer())
        case "verify":
            self = .verify(
                id: try fields.field("id").string(),
                VerificationRequest(
                    profile: ProfileID(try fields.field("profile").string()), token: try fields.field("token").string(),
                    keys: try fields.field("keys").elements { key throws(DataFileError) in try key.key() },
                    now: try fields.field("now").integer()
                )
            )
        case "sign":
            let subject = try fields.field("subject")
            self = .sign(
                id: try fields.field("id").string(),
                SigningRequest(
                    profile: ProfileID(try fields.field("profile").string()),
                    subject: Subject(externalId: try subject.optionalField("externalId")?.string(), email: try subject.optionalField("email")?.string()),
                    key: try fields.field("key").key(), now: try fields.field("now").integer(),
                    lifetime: try fields.optionalField("lifetime")?.integer()
                )
            )
        case "session":
            self = .session(id: try fields.field("id").string(), try fields.sessionRequest())
        default:
            self = .unknown(op: op, id: try? fields.optionalField("id")?.string())
        }
    }
}

extension VerificationKey {
    /// `{"kid":…,"secret":…}`, with `kid` null when the key has none.
    var json: JSONValue { ["kid": kid.map(JSONValue.string) ?? .null, "secret": .string(secret)] }
}

extension Subject {
    /// `{"externalId":…,"email":…}`, absent values as null.
    var json: JSONValue {
        ["externalId": externalId.map(JSONValue.string) ?? .null, "email": email.map(JSONValue.string) ?? .null]
    }
}
