import Synchronization

/// What a worker hands back for one request.
typealias TransferResult = Result<TransportResponse, HTTPTransportError>

/// Set by a task's cancellation handler, read by the worker thread running its request.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    var isCancelled: Bool { flag.load(ordering: .relaxed) }

    func cancel() { flag.store(true, ordering: .relaxed) }
}

/// A request waiting for, or running on, a worker thread; resumed exactly once, by that worker.
final class Job: Sendable {
    let request: TransportRequest
    let cancellation: CancellationFlag
    private let continuation: CheckedContinuation<TransferResult, Never>

    init(
        request: TransportRequest,
        cancellation: CancellationFlag,
        continuation: CheckedContinuation<TransferResult, Never>
    ) {
        self.request = request
        self.cancellation = cancellation
        self.continuation = continuation
    }

    func complete(_ result: TransferResult) {
        continuation.resume(returning: result)
    }
}
