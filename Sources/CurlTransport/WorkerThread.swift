#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A dedicated POSIX thread, so that blocking libcurl calls never occupy Swift's cooperative pool or
/// NIO's event loops.
struct WorkerThread: @unchecked Sendable {
    // @unchecked: a pthread handle is an identifier, valid from any thread.
    private let thread: pthread_t

    /// Starts `body` on a new thread.
    init(body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(ThreadContext(body: body)).toOpaque()
        #if canImport(Darwin)
            var handle: pthread_t?
        #else
            var handle = pthread_t()
        #endif
        let result = pthread_create(
            &handle, nil,
            { rawContext in
                // Optional on Glibc, not on Darwin: normalise.
                let raw: UnsafeMutableRawPointer? = rawContext
                let context = Unmanaged<ThreadContext>.fromOpaque(raw!).takeRetainedValue()
                context.run()
                return nil
            }, context)
        precondition(result == 0, "pthread_create failed with \(result)")
        #if canImport(Darwin)
            thread = handle!
        #else
            thread = handle
        #endif
    }

    /// Waits for the thread to end (detaches it instead when called from the thread itself).
    func join() {
        if pthread_equal(thread, pthread_self()) != 0 {
            pthread_detach(thread)
        } else {
            pthread_join(thread, nil)
        }
    }
}

private final class ThreadContext {
    let body: @Sendable () -> Void

    init(body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    func run() {
        body()
    }
}
