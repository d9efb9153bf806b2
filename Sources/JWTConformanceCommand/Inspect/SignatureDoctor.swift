import Foundation
import JWTConformance

/// A likely reason a signature does not verify, found by trying it.
enum SignatureCause: Equatable {
    /// The token was signed with the base64-decoded secret.
    case base64DecodedSecret
    /// The token was signed with the hex-decoded secret.
    case hexDecodedSecret
    /// The token was signed with the secret followed by these characters.
    case secretWithSuffix(String)
    /// The token was signed with the secret without its surrounding whitespace.
    case trimmedSecret
    /// The token was signed with another key of the set.
    case otherKey(kid: String?)
    /// The token was signed with HMAC under another algorithm (`HS384`, `HS512`).
    case algorithm(String)
    /// The signature covers the header and payload encoded another way.
    case reencodedSegments(String)

    /// The change to make, in the backend engineer's terms.
    var fix: String {
        switch self {
        case .base64DecodedSecret:
            "signed with the base64-decoded secret: sign with the secret's text as given (its UTF-8 bytes), not Buffer.from(secret, 'base64')"
        case .hexDecodedSecret:
            "signed with the hex-decoded secret: sign with the secret's text as given (its UTF-8 bytes)"
        case .secretWithSuffix(let suffix):
            "signed with the secret followed by \(Self.name(suffix)): trim the secret where the backend reads it (a file or variable written with echo keeps the line break)"
        case .trimmedSecret:
            "the secret you gave has surrounding whitespace that the backend's secret lacks: the secret is the vendor's text without spaces or line breaks; check which one is right"
        case .otherKey(let kid?):
            "signed with the secret of key \(JSONValue.string(kid).serialized()): write kid \(JSONValue.string(kid).serialized()) in the header, or sign with the secret of the key the kid names"
        case .otherKey(nil):
            "signed with another secret of the set: sign with the secret of the key the kid names"
        case .algorithm(let algorithm):
            "signed with \(algorithm): pass { algorithm: 'HS256' } to jsonwebtoken's sign()"
        case .reencodedSegments(let how):
            "the signature covers the header and payload \(how): sign the base64url segments exactly as you send them"
        }
    }

    private static func name(_ suffix: String) -> String {
        switch suffix {
        case "\n": "a line break (\\n)"
        case "\r\n": "a Windows line break (\\r\\n)"
        case " ": "a space"
        default: "whitespace"
        }
    }
}

/// What trying the likely causes of a bad signature found. Holds outcomes only (matches or
/// does not match), never a secret, a key or a MAC.
struct SignatureDiagnosis {
    /// One thing tried.
    struct Attempt {
        /// What was tried, for people ("the base64-decoded secret").
        var description: String
        var matches: Bool
        /// The cause it stands for; nil for a selected key as given, with HS256.
        var cause: SignatureCause?
    }

    var attempts: [Attempt]

    /// Whether the signature verifies under a selected key exactly as given.
    var matchesAsGiven: Bool { attempts.contains { $0.cause == nil && $0.matches } }

    /// The first cause that matches, when the key as given does not.
    var cause: SignatureCause? {
        matchesAsGiven ? nil : attempts.first { $0.matches && $0.cause != nil }?.cause
    }

    /// The HMAC algorithms by signature length.
    private static let algorithms: [Int: String] = [32: "HS256", 48: "HS384", 64: "HS512"]

    /// The most keys of a set tried, selected ones and others each, so that a large key set
    /// cannot make the diagnosis slow.
    static let maximumKeys = 32

    /// Tries the keys as given, then each likely mistake, against the token's signature.
    ///
    /// `selected` are the keys the profile's rules select for the token (by `kid`, or all).
    init?(anatomy: TokenAnatomy, selected: [VerificationKey], all: [VerificationKey]) {
        let segments = anatomy.segments
        guard anatomy.segmentCount == 3, let signature = segments[2].bytes, !all.isEmpty,
            let algorithm = Self.algorithms[signature.count]
        else { return nil }
        let header = segments[0].text, payload = segments[1].text
        let signingInput = Array("\(header).\(payload)".utf8)
        var attempts: [Attempt] = []
        func tryKey(_ key: [UInt8], input: [UInt8] = signingInput, _ description: String, _ cause: SignatureCause?) {
            let mac = Self.mac(input, key: key, byteCount: signature.count)
            attempts.append(Attempt(description: description, matches: ConstantTime.isEqual(mac, signature), cause: cause))
        }
        let viaAlgorithm: SignatureCause? = algorithm == "HS256" ? nil : .algorithm(algorithm)
        let byAlgorithm = viaAlgorithm.map { _ in " with \(algorithm)" } ?? ""
        for key in selected.prefix(Self.maximumKeys) {
            let name = key.kid.map { " (key \(JSONValue.string($0).serialized()))" } ?? ""
            tryKey(key.keyBytes, "the secret as given\(name)\(byAlgorithm)", viaAlgorithm)
            for (variant, description, cause) in Self.secretVariants(key.secret) {
                tryKey(variant, "\(description)\(name)\(byAlgorithm)", cause)
            }
            for (input, how) in Self.reencodings(header: header, payload: payload) {
                tryKey(key.keyBytes, input: input, "the secret as given over the header and payload \(how)\(name)\(byAlgorithm)", .reencodedSegments(how))
            }
        }
        for key in all.filter({ !selected.contains($0) }).prefix(Self.maximumKeys) {
            let name = key.kid.map { "another key of the set, kid \(JSONValue.string($0).serialized())" } ?? "another key of the set"
            tryKey(key.keyBytes, name + byAlgorithm, .otherKey(kid: key.kid))
        }
        self.attempts = attempts
    }

    private static func mac(_ input: [UInt8], key: [UInt8], byteCount: Int) -> [UInt8] {
        switch byteCount {
        case 48: SHA512Family.hmac(input, key: key, variant: .sha384)
        case 64: SHA512Family.hmac(input, key: key, variant: .sha512)
        default: HMACSHA256.authenticationCode(for: input, key: key)
        }
    }

    /// The secret as backends commonly mangle it, each with what to call it.
    private static func secretVariants(_ secret: String) -> [([UInt8], String, SignatureCause)] {
        let bytes = Array(secret.utf8)
        var variants: [([UInt8], String, SignatureCause)] = []
        let base64Alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=".utf8)
        if !bytes.isEmpty, bytes.allSatisfy(base64Alphabet.contains), let decoded = TokenAnatomy.lenientDecode(secret), decoded != bytes {
            variants.append((decoded, "the base64-decoded secret", .base64DecodedSecret))
        }
        if !bytes.isEmpty, bytes.count.isMultiple(of: 2), let decoded = hexDecode(bytes) {
            variants.append((decoded, "the hex-decoded secret", .hexDecodedSecret))
        }
        for suffix in ["\n", "\r\n", " "] {
            variants.append((bytes + Array(suffix.utf8), "the secret with a trailing \(suffix == " " ? "space" : "line break") added\(suffix == "\r\n" ? " (\\r\\n)" : "")", .secretWithSuffix(suffix)))
        }
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed != secret {
            variants.append((Array(trimmed.utf8), "the secret without its surrounding whitespace", .trimmedSecret))
        }
        return variants
    }

    private static func hexDecode(_ bytes: [UInt8]) -> [UInt8]? {
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var output: [UInt8] = []
        for index in stride(from: 0, to: bytes.count, by: 2) {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return nil }
            output.append(high << 4 | low)
        }
        return output
    }

    /// The header and payload segments re-encoded as careless encoders write them.
    private static func reencodings(header: Substring, payload: Substring) -> [([UInt8], String)] {
        func padded(_ text: String) -> String { text + String(repeating: "=", count: (4 - text.utf8.count % 4) % 4) }
        func standard(_ text: String) -> String { String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 }) }
        func canonical(_ text: String) -> String {
            String(text.filter { $0 != "=" }.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        }
        /// What follows the last whitespace: the token without a pasted prefix such as "Bearer ".
        func unprefixed(_ text: String) -> String {
            String(text.split(whereSeparator: { $0.isWhitespace }).last ?? Substring(text))
        }
        let original = "\(header).\(payload)"
        let transforms: [((String) -> String, String)] = [
            (unprefixed, "without what precedes the header (\"Bearer \", whitespace)"),
            (padded, "with '=' padding"), (standard, "in the standard base64 alphabet ('+' and '/')"),
            ({ padded(standard($0)) }, "in standard padded base64"), (canonical, "in canonical base64url"),
        ]
        var seen: Set<String> = [original]
        var inputs: [([UInt8], String)] = []
        for (transform, how) in transforms {
            let input = transform(String(header)) + "." + transform(String(payload))
            if seen.insert(input).inserted { inputs.append((Array(input.utf8), how)) }
        }
        return inputs
    }
}
