import Foundation

/// A testee program spoken to over the testee protocol: one persistent process for the whole
/// run, restarted when it crashes, hangs or stops speaking the protocol.
///
/// ```swift
/// let testee = try SubprocessTestee(.init(command: ["python3", "adapter.py"]))
/// let hello = try testee.start()
/// let answer = await testee.send(.verify(id: "KUS-TIM-003", request))
/// testee.stop()
/// ```
///
/// Every failure of one request (a timeout, an exit, a line that is not the protocol, a wrong
/// id) becomes a ``TesteeExchangeError`` for that request only; the process is killed and a new
/// one started, with a new handshake, before the next request. What the testee writes to stderr
/// is kept, bounded, in ``capturedStderr``.
///
/// All state is guarded by one lock and requests are serialised, so the class is safe to share.
public final class SubprocessTestee: @unchecked Sendable {
    /// How to run a testee.
    public struct Configuration: Sendable, Hashable {
        /// The program and its arguments. Secrets never go here: they travel over stdin.
        public var command: [String]
        /// How long one request may take before the testee is killed and restarted.
        public var timeout: Duration
        /// How many bytes of the testee's stderr are kept for the report.
        public var stderrLimit: Int
        /// After this many restarts in a row that fail their handshake, remaining requests are
        /// answered with an error at once.
        public var maximumFailedRestarts: Int
        /// How long an exchange polls for the answer without sleeping before it blocks: a quick
        /// answer then arrives in microseconds. Zero when other threads have work while the
        /// testee answers (a fuzz run with several workers), so the wait leaves them the core.
        public var spin: Duration

        public init(
            command: [String], timeout: Duration = .seconds(5), stderrLimit: Int = 64 * 1024, maximumFailedRestarts: Int = 3,
            spin: Duration = .microseconds(60)
        ) {
            self.command = command
            self.timeout = timeout
            self.stderrLimit = stderrLimit
            self.maximumFailedRestarts = maximumFailedRestarts
            self.spin = spin
        }
    }

    /// The configuration the testee runs with.
    public let configuration: Configuration

    /// How long a start (the process and its `hello`) may take: the request timeout, but at
    /// least 10 s, so a slow runtime (a JVM, a loaded CI machine) is not mistaken for a hang.
    public var handshakeTimeout: Duration { max(configuration.timeout, .seconds(10)) }

    private let lock = NSLock()
    private let executable: URL
    private let log: BoundedLog
    private var connection: TesteeConnection?
    /// How many requests ``connection`` takes at once: its `hello`'s ``HelloResponse/pipeline``.
    private var pipeline = 1
    private var firstHello: HelloResponse?
    private var launches = 0
    private var failedRestartsInARow = 0
    private var requestCounter = 0

    /// Resolves the command (a name is looked up in `PATH`); nothing is started yet.
    ///
    /// - Throws: ``TesteeLaunchError`` when the command is empty or names no executable file.
    public init(_ configuration: Configuration) throws(TesteeLaunchError) {
        Self.ignoreBrokenPipes()
        self.configuration = configuration
        executable = try ExecutableLookup.resolve(configuration.command.first ?? "")
        log = BoundedLog(limit: configuration.stderrLimit)
    }

    deinit { connection?.terminate() }

    /// Starts the testee and performs the `hello` handshake.
    ///
    /// - Throws: ``TesteeLaunchError`` when the testee cannot be run at all.
    @discardableResult
    public func start() throws(TesteeLaunchError) -> HelloResponse {
        lock.lock()
        defer { lock.unlock() }
        if let firstHello, connection != nil { return firstHello }
        do {
            let hello = try launch()
            firstHello = firstHello ?? hello
            return hello
        } catch {
            throw TesteeLaunchError(error.message, stderr: log.text)
        }
    }

    /// The testee's answer to the first handshake, once started.
    public var hello: HelloResponse? { locked { firstHello } }

    /// What the testee wrote to stderr (the last ``Configuration/stderrLimit`` bytes), with the
    /// harness's notes on kills and restarts.
    public var capturedStderr: String { locked { log.text } }

    /// How many times the testee was started again after the first start.
    public var restartCount: Int { locked { max(launches - 1, 0) } }

    /// A request id for a request that names no vector: `request-1`, `request-2`, …
    public func nextRequestID() -> String {
        locked {
            requestCounter += 1
            return "request-\(requestCounter)"
        }
    }

    /// Sends one request from an asynchronous context.
    ///
    /// The exchange blocks the calling thread for at most ``Configuration/timeout``: it waits on
    /// the testee's pipes only, never on other tasks, so it cannot deadlock the pool, and it
    /// saves the two thread hand-offs per vector that a dispatch would cost.
    public func send(_ request: TesteeRequest) async -> Result<TesteeResponse, TesteeExchangeError> {
        exchange(request)
    }

    /// Sends requests from an asynchronous context, with windows as the testee advertises them.
    public func send(_ requests: [TesteeRequest]) async -> [Result<TesteeResponse, TesteeExchangeError>] {
        exchange(requests)
    }

    /// Sends one request and waits for its answer (at most ``Configuration/timeout``), starting
    /// or restarting the testee first when needed.
    public func exchange(_ request: TesteeRequest) -> Result<TesteeResponse, TesteeExchangeError> {
        exchange([request])[0]
    }

    /// Sends requests and returns their answers in order, each exactly what sending it alone
    /// would return.
    ///
    /// A testee whose `hello` advertises a ``HelloResponse/pipeline`` window gets up to that
    /// many requests before it has answered the first; any other gets one at a time. Each answer
    /// may take ``Configuration/timeout``. At the first failure in a window the testee is
    /// discarded, that request gets the error it would get alone, and the rest of the window
    /// is sent one request at a time, restarting the testee first.
    public func exchange(_ requests: [TesteeRequest]) -> [Result<TesteeResponse, TesteeExchangeError>] {
        lock.lock()
        defer { lock.unlock() }
        var results: [Result<TesteeResponse, TesteeExchangeError>] = []
        results.reserveCapacity(requests.count)
        var oneAtATimeUntil = 0
        while results.count < requests.count {
            let start = results.count
            let (answers, sent) = sendWindow(requests[start..<(start < oneAtATimeUntil ? start + 1 : requests.count)])
            results += answers
            if answers.count < sent { oneAtATimeUntil = start + sent }
        }
        return results
    }

    /// Closes the testee's stdin and gives it a second to exit before killing it.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        connection?.shutDown(grace: .seconds(1))
        connection = nil
    }

    // MARK: - Private, called with the lock held

    private func locked<Value>(_ body: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Sends the first requests of `requests` that the testee's window takes, and returns their
    /// answers up to the first failure, with how many were sent (none when the testee could not
    /// be started).
    private func sendWindow(
        _ requests: ArraySlice<TesteeRequest>
    ) -> (answers: [Result<TesteeResponse, TesteeExchangeError>], sent: Int) {
        let first = requests[requests.startIndex]
        let connection: TesteeConnection
        switch readyConnection(for: first.id ?? first.op) {
        case .success(let ready): connection = ready
        case .failure(let error): return ([.failure(error)], 0)
        }
        let window = requests.prefix(pipeline)
        let (lines, failure) = connection.exchange(window.map(\.line), timeout: configuration.timeout, spin: configuration.spin)
        var answers: [Result<TesteeResponse, TesteeExchangeError>] = []
        answers.reserveCapacity(window.count)
        for (request, line) in zip(window, lines) {
            let name = request.id ?? request.op
            do {
                answers.append(.success(try TesteeResponse(line: line, answering: request)))
            } catch {
                discard("response for \(name) is not valid protocol; killed the testee")
                answers.append(.failure(TesteeExchangeError("response for \(name) is not valid protocol: \(error.message)")))
                return (answers, window.count)
            }
        }
        if let failure {
            let request = window[window.startIndex + answers.count]
            answers.append(.failure(discarding(after: failure, of: request.id ?? request.op)))
        }
        return (answers, window.count)
    }

    /// Discards the testee after an exchange failed, and returns the request's error.
    private func discarding(after failure: TesteeConnection.Failure, of name: String) -> TesteeExchangeError {
        switch failure {
        case .timedOut:
            discard("did not answer \(name) within \(Self.seconds(configuration.timeout)); killed it")
            return TesteeExchangeError(
                "the testee did not answer \(name) within \(Self.seconds(configuration.timeout)); it was killed and is restarted for the next request"
            )
        case .closed(let how):
            discard("the testee \(how) while handling \(name)")
            return TesteeExchangeError("the testee \(how) while handling \(name); it is restarted for the next request")
        case .lineTooLong(let length):
            discard("the answer to \(name) exceeded \(length) bytes without a newline; killed it")
            return TesteeExchangeError("response for \(name) is not valid protocol: a line longer than \(length) bytes")
        }
    }

    /// The running connection, after (re)starting the testee or dropping one that misbehaved
    /// while idle.
    private func readyConnection(for name: String) -> Result<TesteeConnection, TesteeExchangeError> {
        if let connection {
            switch connection.idleState() {
            case .ready:
                return .success(connection)
            case .unsolicited(let bytes):
                discard("the testee wrote output nobody asked for before \(name): \(excerpt(ofLine: bytes)); killed it")
            case .ended(let how):
                discard("the testee \(how) between requests, before \(name)")
            }
        }
        guard failedRestartsInARow < configuration.maximumFailedRestarts else {
            return .failure(TesteeExchangeError(
                "not sent: the testee failed to restart \(failedRestartsInARow) times in a row"
            ))
        }
        do {
            _ = try launch()
            failedRestartsInARow = 0
            return connection.map { .success($0) } ?? .failure(TesteeExchangeError("the testee could not be restarted"))
        } catch {
            failedRestartsInARow += 1
            log.note("could not restart the testee: \(error.message)")
            return .failure(TesteeExchangeError("the testee could not be restarted for \(name): \(error.message)"))
        }
    }

    /// Starts a process and performs the handshake; on success it becomes ``connection``.
    private func launch() throws(TesteeLaunchError) -> HelloResponse {
        if launches > 0 { log.note("restarting the testee") }
        launches += 1
        let started = try TesteeConnection.launch(
            executable: executable, arguments: Array(configuration.command.dropFirst()), stderrLog: log
        )
        let command = configuration.command.joined(separator: " ")
        let line: [UInt8]
        switch started.exchange(TesteeRequest.hello(protocol: testeeProtocolVersion).line, timeout: handshakeTimeout, spin: configuration.spin) {
        case .success(let answer):
            line = answer
        case .failure(.timedOut):
            started.terminate()
            throw TesteeLaunchError("the testee '\(command)' did not answer hello within \(Self.seconds(handshakeTimeout))")
        case .failure(.closed(let how)):
            started.terminate()
            throw TesteeLaunchError("the testee '\(command)' \(how) before answering hello")
        case .failure(.lineTooLong(let length)):
            started.terminate()
            throw TesteeLaunchError("the testee '\(command)' answered hello with a line longer than \(length) bytes")
        }
        let hello: HelloResponse
        do {
            hello = try HelloResponse(line: line)
        } catch {
            started.terminate()
            throw TesteeLaunchError("the answer of '\(command)' to hello is not valid protocol: \(error.message)")
        }
        guard hello.protocolVersion == testeeProtocolVersion else {
            started.terminate()
            throw TesteeLaunchError(
                "the testee '\(command)' speaks protocol \(hello.protocolVersion); this harness speaks \(testeeProtocolVersion)"
            )
        }
        connection = started
        pipeline = hello.pipeline
        return hello
    }

    /// Kills the current process, noting why in the stderr log.
    private func discard(_ reason: String) {
        log.note(reason)
        connection?.terminate()
        connection = nil
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    private static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}
