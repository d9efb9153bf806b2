/// The header or payload of a token as the verifier's checks read it: a member's value by name.
protocol MemberLookup {
    /// The value of the member named `name`, compared byte for byte; of duplicates, the last.
    subscript(name: String) -> JSONValue? { get }
}

extension JSONObject: MemberLookup {}

/// A decoded token as the signature check reads it.
protocol SignedToken {
    /// The number of decoded signature bytes.
    var signatureByteCount: Int { get }
    /// Whether the signature is the HMAC-SHA-256 of the signing input under `authenticator`'s key.
    func hasValidSignature(authenticator: HMACSHA256) -> Bool
}

extension CompactJWS: SignedToken {}

/// A token whose header and payload are flat objects (see
/// ``JSONParser/indexFlatObject(_:into:)``), located in place: the verifier's common case, read
/// without building a JSON value for any member no check looks up.
///
/// Its buffers live only during ``CompactJWS/withFlatDecoding(_:maximumByteCount:context:_:)``'s call.
struct FlatJWS: SignedToken {
    /// The header's members.
    let header: FlatObject
    /// The payload's members.
    let payload: FlatObject
    /// The token's first two segments and the dot between them.
    let signingInput: UnsafeBufferPointer<UInt8>
    /// The decoded signature.
    let signature: UnsafeBufferPointer<UInt8>

    var signatureByteCount: Int { signature.count }

    func hasValidSignature(authenticator: HMACSHA256) -> Bool {
        authenticator.isValidAuthenticationCode(UnsafeRawBufferPointer(signature), for: UnsafeRawBufferPointer(signingInput))
    }
}

/// The members of a flat JSON object, located in its text; a value is read when it is looked up.
struct FlatObject: MemberLookup {
    /// The object's JSON text.
    let text: UnsafeBufferPointer<UInt8>
    /// Its members, with distinct names.
    let members: UnsafeBufferPointer<FlatMember>

    subscript(name: String) -> JSONValue? {
        let found = name.utf8.withContiguousStorageIfAvailable(member(named:)) ?? Array(name.utf8).withUnsafeBufferPointer(member(named:))
        return found.map { $0.value(in: text) }
    }

    /// The member whose name has the bytes `name`.
    private func member(named name: UnsafeBufferPointer<UInt8>) -> FlatMember? {
        members.first { $0.name.count == name.count && UnsafeBufferPointer(rebasing: text[$0.name]).hasSameBytes(as: name) }
    }
}

extension CompactJWS {
    /// The most members a header or payload may have to be read in place.
    static let maximumFlatMemberCount = 16

    /// Decodes `token` and calls `body` with `context` and its header and payload located in
    /// place, when the token is within `maximumByteCount` bytes, decodes, and its header and
    /// payload are flat objects of at most ``maximumFlatMemberCount`` members; returns nil,
    /// without calling `body`, for any other token, which the caller decodes with
    /// ``decode(_:maximumByteCount:)``.
    ///
    /// `context` is handed to `body` rather than captured by it, and `body`'s answer is stored
    /// rather than returned through the closures below: either way a large value was copied.
    static func withFlatDecoding<Context, Answer>(
        _ token: String, maximumByteCount: Int, context: Context, _ body: (Context, FlatJWS) -> Answer
    ) -> Answer? {
        guard token.utf8.count <= maximumByteCount else { return nil }
        var answer: Answer?
        _ = token.utf8.withContiguousStorageIfAvailable { bytes in
            _ = withDecodedSegments(bytes) { dots, header, payload, signature in
                withUnsafeTemporaryAllocation(of: FlatMember.self, capacity: 2 * maximumFlatMemberCount) { members in
                    let headerMembers = UnsafeMutableBufferPointer(rebasing: members[..<maximumFlatMemberCount])
                    let payloadMembers = UnsafeMutableBufferPointer(rebasing: members[maximumFlatMemberCount...])
                    guard let headerCount = JSONParser.indexFlatObject(header, into: headerMembers),
                        let payloadCount = JSONParser.indexFlatObject(payload, into: payloadMembers)
                    else { return }
                    answer = body(context, FlatJWS(
                        header: FlatObject(text: header, members: UnsafeBufferPointer(rebasing: headerMembers[..<headerCount])),
                        payload: FlatObject(text: payload, members: UnsafeBufferPointer(rebasing: payloadMembers[..<payloadCount])),
                        signingInput: UnsafeBufferPointer(rebasing: bytes[..<dots.second]),
                        signature: signature))
                }
            }
        }
        return answer.take()
    }
}
