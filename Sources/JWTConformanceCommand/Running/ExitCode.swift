/// The exit statuses of `jwt-conformance`, after BSD `sysexits.h` where one fits.
public enum ExitCode: Int32, Sendable, CaseIterable {
    /// Every result is as expected (or as the known-failures list says).
    case success = 0
    /// Conformance failures: an unexpected failure or error, a listed vector that passes, a
    /// listed id that matches no vector, or no vector was run at all.
    case failures = 1
    /// The testee could not be run at all: not found, would not start, or failed the handshake.
    case testeeUnavailable = 3
    /// The command line is wrong (`EX_USAGE`).
    case usage = 64
    /// A vector file or known-failures file is invalid or unreadable (`EX_DATAERR`).
    case dataError = 65
    /// A report or known-failures file cannot be written (`EX_IOERR`).
    case outputError = 74
}
