import Foundation
import JWTConformance

/// What a bundled vendor adds in Swift beside its profile file: the test keys and customer its
/// cases use, its own verifier and signer cases, its catalogue entries with their sources and,
/// if it has any, its session vectors.
///
/// The generator finds vendors from data. Every `Vectors/profiles/<id>.json` is a vendor, and
/// its cases are the type named after the id (``typeName(for:)``: `kustomer` →
/// `KustomerCases`, `zendesk-messaging` → `ZendeskMessagingCases`) that conforms to this
/// protocol, declared in the vendor's own cases file. No list of vendors and no `switch` on a
/// vendor's name exists anywhere else: a new vendor is its profile file and its cases file.
protocol VendorCases {
    /// The vendor's keys, customer and rule ids, for the baseline and derived cases.
    static func vendor(profile: ProfileDefinition) -> Vendor
    /// The vendor's own verifier and signer cases (the baseline and derived cases are added
    /// for every vendor by the generator).
    static func addCases(to book: inout CaseBook)
    /// The vendor's own rules (`KUS-…`), written to the catalogue after the JWS/JWT baseline.
    static var rules: [RuleDefinition] { get }
    /// The vendor's own ambiguities (`AMB-KUS-…`), written to the catalogue in the order
    /// ``Catalogue/ambiguities`` gives.
    static var ambiguities: [AmbiguityDefinition] { get }
    /// The vendor's session rules, written after every vendor's token rules.
    static var sessionRules: [RuleDefinition] { get }
    /// The vendor's session vectors, or nil when it has none.
    static func sessions(profile: ProfileDefinition) -> VendorSessions?
}

extension VendorCases {
    static var ambiguities: [AmbiguityDefinition] { [] }
    static var sessionRules: [RuleDefinition] { [] }
    static func sessions(profile: ProfileDefinition) -> VendorSessions? { nil }
}

/// The session vectors of one vendor: the file's title and, per SDK platform in file order, its
/// description, keys, hand-written scripts with their numbers, and the state machine to derive
/// more from.
struct VendorSessions {
    struct Platform {
        var platform: SessionPlatform
        var description: String
        var keys: [VerificationKey]
        var scripts: [SessionScript]
        var derivation: SessionDerivation?
    }

    var title: String
    var numbers: [SessionPlatform: [String: Int]]
    var platforms: [Platform]
}

/// The bundled vendors, found from `Vectors/profiles/*.json` when the generator starts.
enum Registry {
    struct Entry {
        var profile: ProfileDefinition
        var cases: any VendorCases.Type
        var vendor: Vendor
    }

    /// Set once by ``load(profilesFolder:)`` before any case is built; read-only afterwards.
    nonisolated(unsafe) private(set) static var entries: [Entry] = []

    /// The profiles in file-name order.
    static var profiles: [ProfileDefinition] { entries.map(\.profile) }
    static var profileIDs: [String] { entries.map(\.profile.id.rawValue) }

    /// The Swift type that holds a profile's cases: the id in UpperCamelCase, then `Cases`.
    static func typeName(for id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined() + "Cases"
    }

    /// The Swift runtime's name of an enum of this module: `16generate_vectors13KustomerCasesO`.
    private static func mangledEnumName(_ name: String) -> String {
        let module = String(String(reflecting: Registry.self).prefix { $0 != "." })
        return "\(module.utf8.count)\(module)\(name.utf8.count)\(name)O"
    }

    /// Reads every profile and finds each one's cases type; a problem is a sentence naming the file.
    static func load(profilesFolder: URL) -> [String] {
        let definitions: [ProfileID: ProfileDefinition]
        do {
            definitions = try Corpus.loadProfiles(in: profilesFolder)
        } catch {
            return ["cannot read the profiles in \(profilesFolder.path): \(error)"]
        }
        var problems: [String] = []
        var found: [Entry] = []
        for profile in definitions.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
            let file = "Vectors/profiles/\(profile.id.rawValue).json"
            let name = typeName(for: profile.id.rawValue)
            guard profile.idPrefix != nil, profile.name != nil else {
                problems.append("\(file) has no idPrefix or no name, which a bundled profile needs")
                continue
            }
            guard let type = _typeByName(mangledEnumName(name)) as? any VendorCases.Type else {
                problems.append("\(file) has no cases: declare `enum \(name): VendorCases` in Sources/generate-vectors")
                continue
            }
            found.append(Entry(profile: profile, cases: type, vendor: type.vendor(profile: profile)))
        }
        let prefixes = found.map(\.vendor.prefix)
        for prefix in Set(prefixes) where prefixes.filter({ $0 == prefix }).count > 1 {
            problems.append("two profiles have the id prefix \(prefix)")
        }
        entries = found
        return problems
    }
}
