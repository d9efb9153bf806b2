import JWTAmbiguities
import JWTConformance

/// The clock every group uses unless a case needs another: 2023-11-14T22:13:20Z.
let defaultNow: Int64 = 1_700_000_000

/// What a conforming verifier must answer, declared by a case from the rules — never
/// obtained by running an implementation.
enum Expectation: Hashable {
    /// Accept, resolving exactly this identity.
    case accept(Identity)
    /// Reject with `reason` (or one of `alternatives`).
    case reject(RejectionReason, alternatives: [RejectionReason])
    /// Either verdict, because of the named ambiguity; an acceptance must resolve `identity`
    /// when given, a rejection's reason must be in `reasons` when given.
    case acceptable(ambiguity: String, identity: Identity?, reasons: [RejectionReason])

    /// Shorthand for a rejection.
    static func reject(_ reason: RejectionReason, _ alternatives: RejectionReason...) -> Expectation {
        .reject(reason, alternatives: alternatives)
    }

    /// Shorthand for "either verdict".
    static func either(_ ambiguity: String, _ identity: Identity?, _ reasons: RejectionReason...) -> Expectation {
        .acceptable(ambiguity: ambiguity, identity: identity, reasons: reasons)
    }

    var result: String {
        switch self {
        case .accept: "accept"
        case .reject: "reject"
        case .acceptable: "acceptable"
        }
    }
}

/// The keys and clock a group of verifier tests shares.
struct KeyGroup: Hashable {
    var description: String
    var now: Int64 = defaultNow
    var keys: [VerificationKey]
}

/// One verifier test, as a case definition declares it.
struct VerifierCase {
    var id: String
    var category: VectorCategory
    var description: String
    var rules: [String]
    var sources: [String]
    var flags: [String]
    var group: KeyGroup
    /// A clock other than the group's.
    var now: Int64?
    var token: String
    var expected: Expectation
    /// The ambiguity whose decision this case applies when that decision is a required
    /// verdict (so the vector does not say `acceptable`). Used by RULES.md only.
    var decidedAmbiguity: String?

    var effectiveNow: Int64 { now ?? group.now }

    /// The ambiguity this case belongs to, either way.
    var ambiguity: String? {
        if case .acceptable(let ambiguity, _, _) = expected { return ambiguity }
        return decidedAmbiguity
    }
}

/// One signer test.
struct SignerCase {
    var id: String
    var description: String
    var rules: [String]
    var sources: [String]
    var flags: [String]
    var groupKey: VerificationKey
    var groupDescription: String
    var now: Int64?
    var key: VerificationKey?
    var subject: Subject
    var lifetime: Int64?
    var header: JSONObject
    var claims: JSONObject
    var identity: Identity
}

/// The three-letter code of a category in test ids.
extension VectorCategory {
    var code: String {
        switch self {
        case .header: "HDR"
        case .claims: "CLM"
        case .timing: "TIM"
        case .precedence: "PRE"
        case .signature: "SIG"
        case .vendorShapes: "VND"
        case .signer: "SGN"
        case .session: "SES"
        }
    }

    /// The title of a file, after the vendor's name.
    var fileTitle: String {
        switch self {
        case .header: "the JOSE header: algorithm, typ, kid and crit"
        case .claims: "identity claims, scope and claim types"
        case .timing: "iat, exp and nbf"
        case .precedence: "which claim names the customer, and which defect is reported first"
        case .signature: "compact serialization, base64url, HMAC signature and keys"
        case .vendorShapes: "tokens shaped like the vendor's own samples and documents"
        case .signer: "tokens the backend issues"
        case .session: "logIn, logOut and isLoggedIn"
        }
    }
}

/// Collects the cases of one profile and gives each its explicit, stable id.
struct CaseBook {
    let vendor: Vendor
    private(set) var verifierCases: [VerifierCase] = []
    private(set) var signerCases: [SignerCase] = []

    init(vendor: Vendor) { self.vendor = vendor }

    /// `KUS-HDR-007`: the vendor's prefix, the category's code and the explicit number.
    func id(_ category: VectorCategory, _ number: Int) -> String {
        let digits = String(number)
        return "\(vendor.prefix)-\(category.code)-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// Adds a verifier case. `number` is the case's permanent number within its category:
    /// never derived from the order of definition.
    mutating func add(
        _ category: VectorCategory, _ number: Int, _ description: String,
        rules: [String], sources: [String] = [], flags: [String] = [],
        group: KeyGroup? = nil, now: Int64? = nil,
        token: String, expect expected: Expectation, decided: String? = nil
    ) {
        let (expected, flags) = Self.allowingNumberLimits(expected, flags: flags, token: token)
        verifierCases.append(VerifierCase(
            id: id(category, number), category: category, description: description, rules: rules,
            sources: sources, flags: flags, group: group ?? vendor.defaultGroup, now: now, token: token,
            expected: expected, decidedAmbiguity: decided
        ))
    }

    /// AMB-RESOURCE-LIMITS, for every verifier case alike: a token holding a number beyond 64-bit
    /// integers and doubles (``NumberLimits``) may also be refused as malformed.
    static func allowingNumberLimits(_ expected: Expectation, flags: [String], token: String) -> (Expectation, [String]) {
        guard let jws = try? CompactJWS.decode(token),
            [jws.header, jws.payload].contains(where: { NumberLimits.holdsNumberBeyond(.object($0)) })
        else { return (expected, flags) }
        switch expected {
        case .accept(let identity):
            let flags = flags.contains("vendor-ambiguity") ? flags : flags + ["vendor-ambiguity"]
            return (.acceptable(ambiguity: "AMB-RESOURCE-LIMITS", identity: identity, reasons: [.malformed]), flags)
        case .reject(let reason, let alternatives) where reason != .malformed && !alternatives.contains(.malformed):
            return (.reject(reason, alternatives: alternatives + [.malformed]), flags)
        case .acceptable(let ambiguity, let identity, let reasons) where !reasons.isEmpty && !reasons.contains(.malformed):
            return (.acceptable(ambiguity: ambiguity, identity: identity, reasons: reasons + [.malformed]), flags)
        case .reject, .acceptable:
            return (expected, flags)
        }
    }

    /// Adds a signer case.
    mutating func sign(
        _ number: Int, _ description: String, rules: [String], sources: [String] = [], flags: [String] = [],
        now: Int64? = nil, key: VerificationKey? = nil, subject: Subject, lifetime: Int64? = nil,
        header: JSONObject, claims: JSONObject, identity: Identity
    ) {
        signerCases.append(SignerCase(
            id: id(.signer, number), description: description, rules: rules, sources: sources, flags: flags,
            groupKey: vendor.signingKey, groupDescription: vendor.signerGroupDescription, now: now, key: key,
            subject: subject, lifetime: lifetime, header: header, claims: claims, identity: identity
        ))
    }
}
