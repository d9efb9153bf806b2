import Foundation

/// One running testee process and its three pipes.
///
/// Every exchange runs on the calling thread with `poll(2)` over the testee's stdin, stdout and
/// stderr at once: requests are written while answers and diagnostics are read, so a testee
/// that fills a pipe can never deadlock the harness, and a deadline bounds every wait. Not
/// thread-safe: ``SubprocessTestee`` serialises access.
final class TesteeConnection {
    /// Why an exchange got no line.
    enum Failure: Error {
        /// The deadline passed.
        case timedOut
        /// The testee closed its stdout; the associated text says how it ended.
        case closed(String)
        /// A line grew past the limit without a newline.
        case lineTooLong(Int)
    }

    /// The longest line accepted from a testee.
    static let maximumLineLength = 8 << 20

    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private let errors: FileHandle
    private let stderrLog: BoundedLog
    private var buffer = LineBuffer()
    private var errorsOpen = true
    private var outputOpen = true
    private var closed = false
    private let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 1)

    private init(process: Process, input: FileHandle, output: FileHandle, errors: FileHandle, stderrLog: BoundedLog) {
        self.process = process
        self.input = input
        self.output = output
        self.errors = errors
        self.stderrLog = stderrLog
    }

    deinit {
        terminate()
        chunk.deallocate()
    }

    /// Starts the program with pipes for its standard streams.
    static func launch(executable: URL, arguments: [String], stderrLog: BoundedLog) throws(TesteeLaunchError) -> TesteeConnection {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw TesteeLaunchError("cannot start the testee '\(executable.path)': \(error.localizedDescription)")
        }
        for descriptor in [stdin.fileHandleForWriting.fileDescriptor, stdout.fileHandleForReading.fileDescriptor] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        return TesteeConnection(
            process: process, input: stdin.fileHandleForWriting, output: stdout.fileHandleForReading,
            errors: stderr.fileHandleForReading, stderrLog: stderrLog
        )
    }

    /// The process id, for diagnostics.
    var processIdentifier: Int32 { process.processIdentifier }

    /// Writes `request` (a whole line) and returns the next line the testee writes, without its
    /// newline: the exchange of several requests, with one.
    func exchange(_ request: [UInt8], timeout: Duration, spin: Duration) -> Result<[UInt8], Failure> {
        let (answers, failure) = exchange([request], timeout: timeout, spin: spin)
        if let failure { return .failure(failure) }
        return .success(answers[0])
    }

    /// Writes `requests` (whole lines, all at once) while reading the testee's answers, and
    /// returns the first `requests.count` lines it writes, without their newlines, with the
    /// failure that stopped it early, if any.
    ///
    /// Each answer may take `timeout`: the deadline restarts when one arrives. It returns once
    /// every request is written (or the testee stopped reading) and every answer read. After
    /// writing, it polls for the first answer without sleeping for up to `spin` before blocking
    /// in `poll(2)`: waking a sleeping thread costs tens of microseconds on small virtual
    /// machines, more than a quick testee takes to answer.
    func exchange(_ requests: [[UInt8]], timeout: Duration, spin: Duration) -> (answers: [[UInt8]], failure: Failure?) {
        var bytes = requests.count == 1 ? requests[0] : []
        if requests.count > 1 {
            // Appended line by line: a flattened sequence would be copied a byte at a time.
            bytes.reserveCapacity(requests.reduce(0) { $0 + $1.count })
            for request in requests { bytes += request }
        }
        var answers: [[UInt8]] = []
        answers.reserveCapacity(requests.count)
        var deadline = ContinuousClock.now + timeout
        var written = 0
        var writable = true
        // With every answer in, a failure means the last request was never written whole: its
        // early answer does not count.
        func stopped(_ failure: Failure) -> (answers: [[UInt8]], failure: Failure?) {
            (Array(answers.prefix(requests.count - 1)), failure)
        }
        while true {
            while answers.count < requests.count, let line = buffer.takeLine() {
                answers.append(line)
                deadline = ContinuousClock.now + timeout
            }
            let writing = writable && written < bytes.count
            if answers.count == requests.count, !writing { return (answers, nil) }
            if buffer.scanned > Self.maximumLineLength { return stopped(.lineTooLong(buffer.scanned)) }
            guard outputOpen else { return stopped(.closed(exitDescription())) }

            var descriptors = [pollfd(fd: output.fileDescriptor, events: Int16(POLLIN), revents: 0)]
            if errorsOpen { descriptors.append(pollfd(fd: errors.fileDescriptor, events: Int16(POLLIN), revents: 0)) }
            if writing {
                descriptors.append(pollfd(fd: input.fileDescriptor, events: Int16(POLLOUT), revents: 0))
                switch write(bytes, from: written) {
                case .some(let count): written += count
                case .none: writable = false
                }
                if written == bytes.count || !writable {
                    spinForOutput(spin)
                    continue
                }
            }

            let wait = Self.milliseconds(until: deadline)
            if wait == 0 { return stopped(.timedOut) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), wait)
            if ready < 0 {
                if errno == EINTR { continue }
                return stopped(.closed("could not be polled: \(String(cString: strerror(errno)))"))
            }
            if ready == 0 { return stopped(.timedOut) }
            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == output.fileDescriptor {
                    readOutput()
                } else if descriptor.fd == errors.fileDescriptor {
                    readErrors()
                }
            }
        }
    }

    /// The state of a connection between two requests.
    enum IdleState {
        /// Ready for the next request.
        case ready
        /// The testee wrote these bytes without being asked.
        case unsolicited([UInt8])
        /// The testee closed its stdout; the text says how it ended.
        case ended(String)
    }

    /// Checks, without waiting, that the testee is still there and wrote nothing unasked.
    func idleState() -> IdleState {
        var descriptor = pollfd(fd: output.fileDescriptor, events: Int16(POLLIN), revents: 0)
        if outputOpen, poll(&descriptor, 1, 0) > 0 { readOutput() }
        if !buffer.isEmpty { return .unsolicited(buffer.pending) }
        return outputOpen ? .ready : .ended(exitDescription())
    }

    /// Kills the testee at once and closes the pipes, keeping what it wrote to stderr.
    func terminate() {
        guard !closed else { return }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        drainErrors(for: .milliseconds(100))
        close()
    }

    /// Closes the testee's stdin and gives it `grace` to exit before killing it.
    func shutDown(grace: Duration) {
        guard !closed else { return }
        try? input.close()
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline {
            drainErrors(for: .milliseconds(10))
        }
        terminate()
    }

    /// How the process ended, once its stdout has closed: waits briefly for it to exit.
    func exitDescription() -> String {
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning, ContinuousClock.now < deadline {
            drainErrors(for: .milliseconds(5))
        }
        drainErrors(for: .milliseconds(100))
        guard !process.isRunning else { return "closed its standard output" }
        switch process.terminationReason {
        case .uncaughtSignal: return "was killed by signal \(process.terminationStatus)"
        case .exit: return "exited with status \(process.terminationStatus)"
        @unknown default: return "exited"
        }
    }

    private func close() {
        closed = true
        try? input.close()
        try? output.close()
        try? errors.close()
        outputOpen = false
        errorsOpen = false
    }

    /// Writes what the pipe takes without blocking; nil once the testee no longer reads.
    private func write(_ request: [UInt8], from offset: Int) -> Int? {
        let result = request.withUnsafeBytes { bytes in
            Foundation.write(input.fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
        }
        if result >= 0 { return result }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return 0 }
        return nil
    }

    /// Reads stdout without sleeping until something arrives or `spin` passes.
    private func spinForOutput(_ spin: Duration) {
        guard spin > .zero else { return }
        let end = ContinuousClock.now + spin
        while outputOpen, ContinuousClock.now < end {
            let before = buffer.count
            readOutput()
            if buffer.count > before { return }
        }
    }

    private func readOutput() {
        let count = read(output.fileDescriptor, chunk.baseAddress, chunk.count)
        if count > 0 {
            buffer.append(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
            outputOpen = false
        }
    }

    private func readErrors() {
        let count = read(errors.fileDescriptor, chunk.baseAddress, chunk.count)
        if count > 0 {
            stderrLog.append(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
            errorsOpen = false
        }
    }

    /// Reads stderr until it closes or `duration` passes.
    private func drainErrors(for duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while errorsOpen {
            var descriptor = pollfd(fd: errors.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.milliseconds(until: deadline))
            guard ready > 0 else { return }
            readErrors()
        }
    }

    /// The `poll` timeout for a deadline: at least 0.
    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(milliseconds, 1))
    }
}
