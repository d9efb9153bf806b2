/// The testee could not be run at all: it was not found, would not start, or failed the
/// `hello` handshake.
public struct TesteeLaunchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, naming the command.
    public var message: String
    /// What the testee wrote to stderr before it failed, if anything.
    public var stderr: String

    public init(_ message: String, stderr: String = "") {
        self.message = message
        self.stderr = stderr
    }

    public var description: String { message }
}

/// One request got no usable answer: the testee timed out, exited, spoke something that is not
/// the protocol, or could not be restarted. The vector is recorded as an error.
public struct TesteeExchangeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, naming the request id.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The testee answered `"result":"error"`.
public struct TesteeReportedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The testee's message, if it gave one.
    public var message: String?

    public init(_ message: String?) { self.message = message }

    public var description: String {
        message.map { "the testee reported an error: \($0)" } ?? "the testee reported an error (no message)"
    }
}
