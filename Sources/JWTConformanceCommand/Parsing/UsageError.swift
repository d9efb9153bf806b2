/// A command line that cannot be run: reported with the subcommand's usage, exit status 64.
struct UsageError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, such as `Unknown option '--frobnicate'`.
    var message: String
    /// The subcommand whose usage is shown.
    var subcommand: Subcommand

    var description: String { message }
}
