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
    public var line: [UInt8] { json.serializedUTF8() + [UInt8(ascii: "\n")] }

    /// Reads one request line (without its newline).
    public init(line: some Collection<UInt8>) throws(ProtocolViolation) {
        let fields = try MessageFields(line: line)
        let op = try fields.string("op")
        switch op {
        case "hello":
            self = .hello(protocol: try fields.integer("protocol"))
        case "verify":
            var keys: [VerificationKey] = []
            for key in try fields.objects("keys") { keys.append(try key.key()) }
            self = .verify(
                id: try fields.string("id"),
                VerificationRequest(
                    profile: ProfileID(try fields.string("profile")), token: try fields.string("token"),
                    keys: keys, now: try fields.integer("now")
                )
            )
        case "sign":
            let subject = try fields.object("subject")
            self = .sign(
                id: try fields.string("id"),
                SigningRequest(
                    profile: ProfileID(try fields.string("profile")),
                    subject: Subject(externalId: try subject.optionalString("externalId"), email: try subject.optionalString("email")),
                    key: try fields.object("key").key(), now: try fields.integer("now"),
                    lifetime: try fields.optionalInteger("lifetime")
                )
            )
        case "session":
            self = .session(id: try fields.string("id"), try fields.sessionRequest())
        default:
            self = .unknown(op: op, id: fields.value("id")?.stringValue)
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
