import Foundation

/// Set once when the user presses Ctrl-C (SIGINT), so a fuzz run stops after the case in flight
/// instead of dying with it.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var source: (any DispatchSourceSignal)?

    /// Whether a stop was asked for.
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    func set() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    /// Catches SIGINT until ``release()``: the first one sets the flag; the default action returns,
    /// so a second Ctrl-C ends the process at once.
    func catchInterrupts() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            self?.set()
            signal(SIGINT, SIG_DFL)
        }
        source.resume()
        self.source = source
    }

    /// Restores the default action of SIGINT.
    func release() {
        source?.cancel()
        source = nil
        signal(SIGINT, SIG_DFL)
    }
}
