import Foundation
import JWTConformance

/// `jwt-conformance inspect`: diagnoses one token and exits 0 when it is accepted, 1 when it is
/// refused, 64 for a wrong command line and 65 for input that cannot be read.
struct InspectCommand {
    var options: InspectOptions
    var stdout: TextSink
    var stderr: TextSink
    var environment: [String: String]
    /// Where `-` reads the token from.
    var readStandardInput: () throws(UnreadableInput) -> [UInt8] = InspectInput.readStandardInput

    func execute() -> ExitCode {
        let profiles: [ProfileID: ProfileDefinition]
        let catalogue: RuleCatalogue
        do {
            profiles = try Corpus.bundledProfiles()
            guard let bundled = SuiteLoader.bundledCatalogue() else {
                return fail(.dataError, "the bundled rule catalogue cannot be read")
            }
            catalogue = bundled
        } catch {
            return fail(.dataError, "cannot load the bundled profiles: \(error)")
        }
        if let id = options.profile, profiles[id] == nil {
            let known = profiles.keys.sorted().map(\.rawValue).joined(separator: ", ")
            stderr.write("Error: Unknown profile '\(id)' (known: \(known))\n" + HelpText.errorUsage(for: .inspect))
            return .usage
        }
        let diagnosis: Diagnosis
        do {
            let keys = try InspectKeys.load(options, environment: environment)
            let token = try InspectInput.token(options.token ?? "-", standardInput: readStandardInput)
            let now = options.now ?? UnixTime(Date().timeIntervalSince1970.rounded(.down))
            guard let diagnosed = Self.diagnose(token, profileID: options.profile, profiles: profiles, keys: keys, now: now, catalogue: catalogue) else {
                return fail(.dataError, "the bundle holds no profile")
            }
            diagnosis = diagnosed
        } catch {
            return fail(.dataError, error.message)
        }
        switch options.format {
        case .text: stdout.write(DiagnosisText.render(diagnosis))
        case .json: stdout.write(JSONValue.object(DiagnosisJSON.object(diagnosis)).serialized(style: .pretty) + "\n")
        }
        if case .accept = diagnosis.verdict { return .success }
        return .failures
    }

    /// Diagnoses `token` under the profile `profileID`, or under the one its shape suggests.
    static func diagnose(
        _ token: String, profileID: ProfileID?, profiles: [ProfileID: ProfileDefinition], keys: InspectKeys,
        now: UnixTime, catalogue: RuleCatalogue
    ) -> Diagnosis? {
        let choice: ProfileChoice
        if let profileID, let profile = profiles[profileID] {
            choice = ProfileChoice(profile: profile, guessed: false, why: "given with --profile")
        } else {
            guard let any = profiles.values.first else { return nil }
            let anatomy = TokenAnatomy(token, maximumByteCount: ReferenceVerifier(profile: any).maximumTokenByteCount)
            guard let guess = ProfileChoice.guess(header: anatomy.header, payload: anatomy.payload, among: Array(profiles.values)) else {
                return nil
            }
            choice = guess
        }
        return Diagnosis(token: token, profile: choice, keys: keys, now: now, catalogue: catalogue)
    }

    private func fail(_ status: ExitCode, _ message: String) -> ExitCode {
        stderr.write("Error: \(message)\n")
        return status
    }
}
