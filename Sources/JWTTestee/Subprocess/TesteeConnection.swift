import Foundation

/// One running testee process and its three pipes.
///
/// Every exchange runs on the calling thread with `poll(2)` over the testee's stdin, stdout and
/// stderr at once: the request is written while answers and diagnostics are read, so a testee
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

    /// Writes `request` (a whole line) and returns the next line the testee writes, without its newline.
    ///
    /// After writing, it polls for the answer without sleeping for up to `spin` before blocking in
    /// `poll(2)`: waking a sleeping thread costs tens of microseconds on small virtual machines,
    /// more than a quick testee takes to answer.
    func exchange(_ request: [UInt8], deadline: ContinuousClock.Instant?, spin: Duration) -> Result<[UInt8], Failure> {
        var written = 0
        var writable = true
        while true {
            if written == request.count || !writable, let line = buffer.takeLine() { return .success(line) }
            if buffer.scanned > Self.maximumLineLength { return .failure(.lineTooLong(buffer.scanned)) }
            guard outputOpen else { return .failure(.closed(exitDescription())) }

            var descriptors = [pollfd(fd: output.fileDescriptor, events: Int16(POLLIN), revents: 0)]
            if errorsOpen { descriptors.append(pollfd(fd: errors.fileDescriptor, events: Int16(POLLIN), revents: 0)) }
            let wantsWrite = writable && written < request.count
            if wantsWrite { descriptors.append(pollfd(fd: input.fileDescriptor, events: Int16(POLLOUT), revents: 0)) }

            if wantsWrite {
                switch write(request, from: written) {
                case .some(let count): written += count
                case .none: writable = false
                }
                if written == request.count || !writable {
                    spinForOutput(spin)
                    continue
                }
            }

            let timeout = Self.milliseconds(until: deadline)
            if timeout == 0 { return .failure(.timedOut) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failure(.closed("could not be polled: \(String(cString: strerror(errno)))"))
            }
            if ready == 0 { return .failure(.timedOut) }
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

    /// The `poll` timeout for a deadline: -1 for none, otherwise at least 0.
    private static func milliseconds(until deadline: ContinuousClock.Instant?) -> Int32 {
        guard let deadline else { return -1 }
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(milliseconds, 1))
    }
}
