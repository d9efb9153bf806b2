import Foundation
import JWTConformance
import JWTTestee

/// `jwt-conformance testee`: serves the reference implementation over the testee protocol.
struct TesteeCommand {
    var options: TesteeOptions
    var stderr: TextSink

    func execute() async -> ExitCode {
        var profiles: [ProfileID: ProfileDefinition]
        do {
            profiles = try Corpus.bundledProfiles()
            for folder in options.profileFolders {
                profiles.merge(try Corpus.loadProfiles(in: URL(fileURLWithPath: folder))) { bundled, _ in bundled }
            }
        } catch {
            stderr.write("Error: cannot load the profiles: \(error)\n")
            return .dataError
        }
        await TesteeServer(implementation: .reference(profiles: profiles)).serve()
        return .success
    }
}
