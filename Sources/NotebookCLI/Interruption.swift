import Dispatch
import Foundation
import Notebook

/// What `run` and `test` do on SIGINT (Ctrl-C) and SIGTERM: stop at once.
///
/// The notebooks' processes are killed, the temporary files of writes under
/// way are removed, the caller's `onInterrupt` says what became of each
/// notebook (and may write the outputs of finished cells), and the tool
/// exits with 130 (SIGINT) or 143 (SIGTERM). A write of a notebook that has
/// already started is let finish first (`commit`), so a notebook is always
/// either as it was or completely written.
enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var interrupted = false

    /// Installs the handlers; `onInterrupt` runs once, on a dispatch thread,
    /// with the signal's name, and returns the message to print.
    static func install(_ onInterrupt: @escaping @Sendable (String) -> String) {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Child.killAll()
                lock.lock()
                // Never returns: a write in progress holds the lock until it is done.
                interrupted = true
                AtomicFile.removeTemporaryFiles()
                let message = onInterrupt(name)
                AtomicFile.removeTemporaryFiles()
                Terminal.writeError("notebook: interrupted (\(name)): \(message)\n")
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Runs `write` unless the tool is being interrupted; an interrupt waits
    /// for it to finish. Returns false when interrupted (nothing was written).
    @discardableResult
    static func commit(_ write: () throws -> Void) rethrows -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !interrupted else { return false }
        try write()
        return true
    }

}
