import Synchronization

/// Set by a task's cancellation handler, read by the worker thread running its request.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    var isCancelled: Bool { flag.load(ordering: .relaxed) }

    func cancel() { flag.store(true, ordering: .relaxed) }
}

/// A request waiting for, or running on, a worker thread; resumed exactly once, by that worker.
final class Job: Sendable {
    let request: HTTPRequest
    let cancellation: CancellationFlag
    private let continuation: CheckedContinuation<Result<HTTPResponse, HTTPTransportError>, Never>

    init(
        request: HTTPRequest,
        cancellation: CancellationFlag,
        continuation: CheckedContinuation<Result<HTTPResponse, HTTPTransportError>, Never>
    ) {
        self.request = request
        self.cancellation = cancellation
        self.continuation = continuation
    }

    func complete(_ result: Result<HTTPResponse, HTTPTransportError>) {
        continuation.resume(returning: result)
    }
}
