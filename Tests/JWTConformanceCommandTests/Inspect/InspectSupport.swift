import Foundation
import JWTConformance
@testable import JWTConformanceCommand

/// Tokens with real mistakes, and a way to run `inspect` on them with a secret in a file.
enum Doctor {
    static let now: UnixTime = 1_700_000_000
    static let secret = "kustomer-doctor-secret-7f3a9c2e51b8d4"
    /// A secret that is valid base64, as vendors' secrets often look.
    static let base64Secret = "c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4OTA"
    static let kustomerHeader = #"{"alg":"HS256","typ":"JWT"}"#

    static func sunshineHeader(kid: String = "app_1") -> String { #"{"alg":"HS256","typ":"JWT","kid":"\#(kid)"}"# }

    /// A token of these JSON texts signed with HMAC-SHA-256 under `key`.
    static func token(_ header: String = kustomerHeader, _ payload: String, key: [UInt8] = Array(secret.utf8)) -> String {
        CompactJWS.sign(headerJSON: header, payloadJSON: payload, key: key)
    }

    /// What one `inspect` printed and returned.
    struct Output {
        var status: ExitCode
        var stdout: String
        var stderr: String
        var all: String { stdout + stderr }

        /// The JSON report.
        func json() throws -> JSONValue { try JSONParser.parse(stdout) }
    }

    /// Runs `inspect` with the secret (if any) in a temporary file.
    static func inspect(
        _ token: String, secret: String? = Doctor.secret, arguments: [String] = [],
        environment: [String: String] = [:], standardInput: [UInt8]? = nil
    ) async throws -> Output {
        var arguments = ["inspect", "--now", String(now)] + arguments
        if let secret {
            let file = try temporaryFolder().appendingPathComponent("secret.txt")
            try Data((secret + "\n").utf8).write(to: file)
            arguments += ["--secret-file", file.path]
        }
        arguments.append(token)
        return try run(arguments, environment: environment, standardInput: standardInput)
    }

    /// Parses and runs a command line the way `main` does, with `-` reading `standardInput`.
    static func run(_ arguments: [String], environment: [String: String] = [:], standardInput: [UInt8]? = nil) throws -> Output {
        let stdout = TextSink.memory(), stderr = TextSink.memory()
        let status: ExitCode
        switch try CommandLineParser.parse(arguments) {
        case .inspect(let options):
            var command = InspectCommand(options: options, stdout: stdout, stderr: stderr, environment: environment)
            if let standardInput { command.readStandardInput = { standardInput } }
            status = command.execute()
        case .explain(let options):
            status = ExplainCommand(options: options, stdout: stdout, stderr: stderr).execute()
        case .list(let options):
            status = ListCommand(options: options, stdout: stdout, stderr: stderr).execute()
        default:
            status = .usage
        }
        return Output(status: status, stdout: stdout.text, stderr: stderr.text)
    }

    /// A key set file.
    static func keySet(_ json: String) throws -> String {
        let file = try temporaryFolder().appendingPathComponent("keys.json")
        try Data(json.utf8).write(to: file)
        return file.path
    }
}
