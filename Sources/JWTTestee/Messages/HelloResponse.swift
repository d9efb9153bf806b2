import JWTConformance

/// The testee's answer to `hello`: who it is, which protocol version it speaks, and the roles
/// and profiles it plays.
///
/// Roles and profiles are kept as the testee spelled them, so a testee may advertise roles of
/// later protocol versions. ``pipeline`` is how many requests it takes before it has answered the
/// first: 1 (the member absent) is strict alternation.
public struct HelloResponse: Sendable, Hashable {
    /// The protocol version the testee speaks.
    public var protocolVersion: Int64
    /// Name, version and language of the implementation.
    public var implementation: ImplementationMetadata
    /// The roles it plays, such as `verifier` and `signer`.
    public var roles: [String]
    /// The profiles it supports, such as `kustomer` and `sunshine`.
    public var profiles: [ProfileID]
    /// How many requests the testee accepts before it has answered the first, answering them in
    /// order: the `pipeline` member, at least 1; 1 when absent.
    public var pipeline: Int

    public init(
        protocolVersion: Int64 = testeeProtocolVersion, implementation: ImplementationMetadata, roles: [String], profiles: [ProfileID],
        pipeline: Int = 1
    ) {
        self.protocolVersion = protocolVersion
        self.implementation = implementation
        self.roles = roles
        self.profiles = profiles
        self.pipeline = pipeline
    }

    /// The roles protocol version 1 has operations for (`session` was added without a version change).
    public static let servedRoles: [Role] = [.verifier, .signer, .session]

    /// The hello an implementation answers with: the roles of ``servedRoles`` it plays, and the
    /// window of requests its server takes at once.
    public init(describing implementation: Implementation, pipeline: Int = 1) {
        self.init(
            implementation: implementation.metadata,
            roles: Self.servedRoles.filter(implementation.plays).map(\.rawValue),
            profiles: implementation.profiles.sorted(),
            pipeline: pipeline
        )
    }

    /// The roles of this protocol version that the testee declares.
    public var knownRoles: Set<Role> { Set(roles.compactMap(Role.init(rawValue:))) }

    /// The message as a JSON object.
    public var json: JSONValue {
        var object: JSONObject = [
            "ok": true, "protocol": .number(JSONNumber(protocolVersion)),
            "implementation": [
                "name": .string(implementation.name), "version": .string(implementation.version),
                "language": .string(implementation.language),
            ],
            "roles": .array(roles.map(JSONValue.string)),
            "profiles": .array(profiles.map { .string($0.rawValue) }),
        ]
        if pipeline != 1 { object["pipeline"] = .number(JSONNumber(Int64(pipeline))) }
        return .object(object)
    }

    /// Reads the answer to `hello`.
    public init(line: some Collection<UInt8>) throws(ProtocolViolation) {
        self = try FieldReader(protocolLine: line).message(Self.init(message:))
    }

    private init(message fields: FieldReader) throws(DataFileError) {
        guard try fields.field("ok").boolean() else {
            let reason = (try? fields.optionalField("message")?.string()).map { ": \($0)" } ?? ""
            throw fields.error("the testee refused the handshake (\"ok\" is false)\(reason)")
        }
        let implementation = try fields.field("implementation")
        self.init(
            protocolVersion: try fields.field("protocol").integer(),
            implementation: ImplementationMetadata(
                name: try implementation.field("name").string(), version: try implementation.field("version").string(),
                language: try implementation.field("language").string()
            ),
            roles: try fields.field("roles").stringArray(),
            profiles: try fields.field("profiles").stringArray().map { ProfileID($0) },
            pipeline: try fields.optionalField("pipeline").map(Self.window) ?? 1
        )
    }

    /// The `pipeline` member: an integer of at least 1.
    private static func window(_ field: FieldReader) throws(DataFileError) -> Int {
        guard case .number(let number) = field.value, let window = number.int64Value, window >= 1 else {
            throw field.error(.mismatch(found: field.value, expected: "an integer of at least 1"))
        }
        return Int(clamping: window)
    }
}
