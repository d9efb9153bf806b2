import Foundation
import JWTConformance

/// The `jwt-conformance` command line: parses the arguments and runs a subcommand.
///
/// ```swift
/// exit(await JWTConformanceCommand.main(Array(CommandLine.arguments.dropFirst())))
/// ```
public enum JWTConformanceCommand {
    /// Runs the command line and returns the exit status (see ``ExitCode``).
    public static func main(
        _ arguments: [String],
        stdout: TextSink = .standardOutput,
        stderr: TextSink = .standardError,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let parsed: ParsedCommandLine
        do {
            parsed = try CommandLineParser.parse(arguments)
        } catch {
            stderr.write("Error: \(error.message)\n" + HelpText.errorUsage(for: error.subcommand))
            return ExitCode.usage.rawValue
        }
        switch parsed {
        case .help(let subcommand):
            stdout.write(HelpText.page(for: subcommand))
            return ExitCode.success.rawValue
        case .version:
            stdout.write("\(suiteToolVersion)\n")
            return ExitCode.success.rawValue
        case .run(let options):
            let command = RunCommand(options: options, stdout: stdout, stderr: stderr, environment: environment)
            return await command.execute().status.rawValue
        case .testee(let options):
            return await TesteeCommand(options: options, stderr: stderr).execute().rawValue
        case .inspect(let options):
            return InspectCommand(options: options, stdout: stdout, stderr: stderr, environment: environment).execute().rawValue
        case .explain(let options):
            return ExplainCommand(options: options, stdout: stdout, stderr: stderr).execute().rawValue
        case .list(let options):
            return ListCommand(options: options, stdout: stdout, stderr: stderr).execute().rawValue
        case .fuzz(let options):
            return await FuzzCommand(options: options, stdout: stdout, stderr: stderr, environment: environment).execute().rawValue
        }
    }
}
