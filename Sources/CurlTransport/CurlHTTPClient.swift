import Foundation
import Logging
import Synchronization

/// The production ``HTTPTransport``: libcurl easy handles driven by a few dedicated threads.
///
/// libcurl's easy API blocks, so requests never run on the Swift cooperative pool (two threads on a
/// two-core host) or on NIO event loops: `send` queues the request and suspends, a worker thread runs
/// it and resumes the caller. Each worker reuses its own easy handle, so keep-alive connections and TLS
/// sessions to the platforms' APIs are reused. TLS verification is always on; proxies come from the
/// standard `http_proxy`, `https_proxy` and `no_proxy` environment variables.
///
/// Call ``shutdown()`` before dropping the last reference (dropping it also shuts down).
public final class CurlHTTPClient: HTTPTransport {
    /// The settings the client was created with.
    public let configuration: Configuration
    private let queue = JobQueue()
    private let threads: Mutex<[WorkerThread]>

    /// Starts `configuration.workers` worker threads (at least one); failures are logged at debug level
    /// with the URL redacted.
    public init(
        configuration: Configuration = .init(), logger: Logger = Logger(label: "CurlTransport")
    ) {
        CurlGlobal.ensureInitialized()
        self.configuration = configuration
        let queue = queue
        threads = Mutex(
            (0..<max(1, configuration.workers)).map { _ in
                WorkerThread {
                    Self.work(queue: queue, configuration: configuration, logger: logger)
                }
            })
    }

    deinit {
        shutdown()
    }

    public func send(_ request: TransportRequest) async throws(HTTPTransportError) -> TransportResponse {
        let cancellation = CancellationFlag()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let job = Job(request: request, cancellation: cancellation, continuation: continuation)
                if !queue.enqueue(job) {
                    job.complete(.failure(.shutDown))
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// Refuses new requests, lets the queued and running ones finish (each within its timeout), then
    /// ends the worker threads and closes their connections. Blocks until then; calling it again is
    /// harmless.
    public func shutdown() {
        queue.close()
        let workers = threads.withLock { threads in
            defer { threads = [] }
            return threads
        }
        for worker in workers {
            worker.join()
        }
    }

    /// ``shutdown()`` for async callers: the waiting happens on a thread of its own, so a shutdown that waits
    /// for slow transfers never occupies one of the few cooperative-pool threads (2 on a 2-core machine).
    public func shutdown() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                self.shutdown()
                done.resume()
            }
            thread.start()
        }
    }

    /// A worker thread's loop: one easy handle for its whole life.
    private static func work(queue: JobQueue, configuration: Configuration, logger: Logger) {
        let easy = EasyHandle(configuration: configuration)
        while let job = queue.dequeue() {
            guard !job.cancellation.isCancelled else {
                job.complete(.failure(.cancelled))
                continue
            }
            let result = easy.perform(job.request, cancellation: job.cancellation)
            if case .failure(let error) = result {
                logger.debug(
                    "HTTP request failed",
                    metadata: [
                        "http.method": "\(job.request.method)",
                        "http.url": "\(redactedURL(job.request.url))",
                        "error": "\(error)",
                    ])
            }
            job.complete(result)
        }
    }
}
