import JWTAmbiguities
import JWTConformance

/// The doctor's own knowledge: for a violation, the change a backend engineer makes, in their
/// terms (jsonwebtoken's `sign()` is the vendors' own example). One table, first match wins;
/// the rules' wording stays in the catalogue.
enum FixHints {
    /// What a hint may look at.
    struct Facts {
        var violation: Violation
        var anatomy: TokenAnatomy
        var profile: ProfileDefinition
        var now: UnixTime
        /// The `--kid` given, or the kid of the only key of the set.
        var configuredKeyID: String?
        /// Whether keys were given and none of them has a kid.
        var keysLackIDs: Bool
        /// What the signature diagnosis found, when it ran.
        var signatureCause: SignatureCause?

        func payloadMember(_ name: String) -> JSONValue? { anatomy.payload?[name] }
        func headerMember(_ name: String) -> JSONValue? { anatomy.header?[name] }
    }

    /// One row: a sentence for the violations it knows, nil for the others.
    struct Hint: Sendable {
        var check: Violation.Check
        var sentence: @Sendable (Facts) -> String?
    }

    /// The fix for `facts.violation`, if the table knows one.
    static func fix(for facts: Facts) -> String? {
        for hint in table where hint.check == facts.violation.check {
            if let sentence = hint.sentence(facts) { return sentence }
        }
        return nil
    }

    static let table: [Hint] = [
        Hint(check: .size) { _ in "keep the token small: put only the identity and the times in it, not profile data" },
        Hint(check: .segments) { facts in
            let token = facts.anatomy.token
            if token.hasPrefix("Bearer ") || token.hasPrefix("bearer ") {
                return "the token starts with \"Bearer \": that prefix belongs in an Authorization header; pass the token alone"
            }
            switch facts.anatomy.segmentCount {
            case 5: return "this is an encrypted JWT (JWE): sign the token with HS256, do not encrypt it"
            case 1: return "this is not a JWT (no dots): pass the string jsonwebtoken's sign() returns, not the secret or a session id"
            case 2: return "the signature segment is missing: send all of header.payload.signature"
            default: return "send exactly header.payload.signature, as jsonwebtoken's sign() returns it"
            }
        },
        Hint(check: .base64url) { facts in
            guard case .invalidBase64URL(let segment, let offset, let kind)? = facts.anatomy.decodingError else { return nil }
            switch kind {
            case .padding:
                return "the \(segment) segment ends in '=' padding: base64url-encode without padding (strip every '='), and sign the segments exactly as you send them"
            case .invalidCharacter(let byte) where byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/"):
                return "the \(segment) segment uses the standard base64 alphabet: use base64url ('-' for '+', '_' for '/', no '='), as jsonwebtoken does"
            case .invalidCharacter(let byte) where [0x20, 0x0A, 0x0D, 0x09].contains(byte):
                let prefix = facts.anatomy.token.hasPrefix("Bearer ") ? "the token starts with \"Bearer \": pass the token alone" : "remove the whitespace at byte offset \(offset)"
                return "\(prefix); a token has no spaces or line breaks (check how it is copied or read from a file)"
            default:
                return "encode each segment with base64url (RFC 4648 §5) without padding; the token was damaged or hand-edited near byte offset \(offset)"
            }
        },
        Hint(check: .json) { facts in
            guard case .invalidJSON(let segment, _)? = facts.anatomy.decodingError else {
                return "sign an object: jwt.sign({ ... }, secret), not a string, array or number"
            }
            return "serialize the \(segment) with JSON.stringify (jsonwebtoken does it for you); do not build the JSON by hand"
        },
        Hint(check: .duplicateMembers) { facts in
            guard case .duplicateMember(let segment, let name)? = facts.anatomy.decodingError else { return nil }
            return "write \(JSONValue.string(name).serialized()) once in the \(segment): build it from an object literal, not by concatenating JSON"
        },
        Hint(check: .algorithm) { facts in
            let allowed = facts.profile.algorithms.first ?? "HS256"
            switch facts.headerMember("alg") {
            case .string(let algorithm)? where algorithm.lowercased() == "none":
                return "alg \"\(algorithm)\" is an unsigned token: sign with jwt.sign(payload, secret, { algorithm: '\(allowed)' })"
            case .string(let algorithm)? where facts.signatureCause == .algorithm(algorithm):
                return "the token is signed with \(algorithm): pass { algorithm: '\(allowed)' } to jsonwebtoken's sign()"
            default:
                return "set alg to \"\(allowed)\" exactly (case-sensitive): jwt.sign(payload, secret, { algorithm: '\(allowed)' })"
            }
        },
        Hint(check: .type) { facts in
            "write typ \"\(facts.profile.header.typ ?? "JWT")\" (jsonwebtoken writes it by default; do not override header.typ)"
        },
        Hint(check: .critical) { _ in "remove crit from the header: the vendor understands no extension" },
        Hint(check: .keyId) { facts in
            guard facts.profile.header.keyIdRequired else {
                return "\(facts.profile.vendorName) does not use kid: leave it out of the header (do not pass keyid to jsonwebtoken's sign()), or write it as a string"
            }
            let kid = facts.configuredKeyID ?? "<your key id>"
            if facts.headerMember("kid") == nil {
                return "no kid: pass keyid: '\(kid)' to jsonwebtoken's sign() (header.kid is the id of the app key whose secret signs)"
            }
            return "write kid as the key id string '\(kid)', not another JSON type"
        },
        Hint(check: .keyLookup) { facts in
            guard case .string(let kid)? = facts.headerMember("kid") else {
                return "write the kid of your app key in the header (keyid: '\(facts.configuredKeyID ?? "<your key id>")'): without it no key can be chosen"
            }
            if facts.keysLackIDs {
                return "kid \(JSONValue.string(kid).serialized()) names no key: no key you gave has a kid, and \(facts.profile.vendorName) selects the key by kid, byte for byte; give the key its id in the key set (the id shown beside the secret in the vendor's settings)"
            }
            if let configured = facts.configuredKeyID {
                return "kid \(JSONValue.string(kid).serialized()) names no key you gave: sign with keyid: '\(configured)' (the id shown beside the secret in the vendor's settings)"
            }
            return "kid \(JSONValue.string(kid).serialized()) names no key of the set: use the id of the app key whose secret you sign with"
        },
        Hint(check: .signature) { facts in facts.signatureCause?.fix },
        Hint(check: .signature) { _ in
            "sign with the secret exactly as the vendor shows it (its UTF-8 text), over the segments exactly as sent; check that backend and --secret-file hold the same secret"
        },
        Hint(check: .identity) { facts in
            guard let claim = facts.violation.member else {
                let names = facts.profile.identityClaims.map(\.claim)
                return "add the customer's identifier: \(names.map { "\($0): \"<id>\"" }.joined(separator: " or ")) in the payload"
            }
            switch facts.payloadMember(claim) {
            case .number(let number)?:
                return "\(claim) is the number \(number.text): send the string \"\(number.text)\" (String(id) before signing)"
            case .string?:
                return "\(claim) is empty: send the customer's identifier, or leave \(claim) out"
            case .null?:
                return "\(claim) is null: leave it out when there is no value, or send the identifier as a string"
            default:
                return "\(claim) must be a JSON string: send the identifier as text"
            }
        },
        Hint(check: .scope) { facts in
            guard let rule = facts.profile.scope else { return nil }
            if case .string("appUser")? = facts.payloadMember(rule.claim) {
                return "scope \"appUser\" is the legacy v1 form: send scope: '\(rule.value)' with \(facts.profile.identityClaims.first?.claim ?? "the identity")"
            }
            return "add \(rule.claim): '\(rule.value)' to the payload, exactly"
        },
        Hint(check: .issuedAt) { facts in
            switch facts.payloadMember("iat") {
            case nil:
                return "add iat: Math.floor(Date.now() / 1000) (jsonwebtoken adds it unless noTimestamp is set)"
            case .string(let text)?:
                return "iat is the string \(JSONValue.string(text).serialized()): send the number, without quotes: iat: Math.floor(Date.now() / 1000)"
            case .number(let number)?:
                if let value = Seconds.whole(number), TimingLine.looksLikeMilliseconds(value, now: facts.now) {
                    return "iat \(number.text) is in milliseconds: use Math.floor(Date.now() / 1000)"
                }
                if let value = Seconds.whole(number), value > facts.now {
                    return "iat is in the future: the backend's clock runs ahead; sync it (NTP) and set iat from the current time"
                }
                return "the token is too old: mint a fresh token right before logIn, never cache or reuse one"
            default:
                return "send iat as a number of seconds: Math.floor(Date.now() / 1000)"
            }
        },
        Hint(check: .expiration) { facts in
            if case .number? = facts.payloadMember("exp") {
                return "the token has expired: mint a fresh one right before logIn, or sign with a longer expiresIn"
            }
            return "send exp as a number of seconds (jsonwebtoken: expiresIn: '1h'), not as text"
        },
        Hint(check: .notBefore) { facts in
            if case .number? = facts.payloadMember("nbf") {
                return "nbf is in the future: drop notBefore, or check the backend's clock (NTP)"
            }
            return "send nbf as a number of seconds, not as text, or leave it out"
        },
    ]
}
