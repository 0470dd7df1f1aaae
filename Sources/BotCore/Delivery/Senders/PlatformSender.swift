import Channels
import CurlTransport

/// Renders and sends outbox rows for one platform.
protocol PlatformSender: Sendable {
    func render(row: OutboxRowContent, payload: ReplyPayload) async -> [PlatformRequest]
    /// The call that acknowledges a Telegram button press; `nil` on platforms without one.
    func answerCallback(id: String, text: String?) -> PlatformRequest?
    func send(_ request: PlatformRequest, transport: any HTTPTransport) async -> DeliveryOutcome
    /// Work before the first send (Zalo: load the token pair saved by an earlier process).
    func prepare() async
}

/// The parts of an outbox row a renderer needs.
struct OutboxRowContent: Sendable {
    var chatID: String
    var threadID: String?
}

extension PlatformSender {
    func answerCallback(id: String, text: String?) -> PlatformRequest? { nil }
    func prepare() async {}

    /// One HTTP call; network failures become retries (never fatal), with the URL's secrets kept out.
    func perform(
        _ request: PlatformRequest, base: String, transport: any HTTPTransport,
        classify: (Int, [UInt8]) -> SendOutcome
    ) async -> DeliveryOutcome {
        guard let http = TransportRequest(request, baseURL: base) else {
            return .failed("invalid request for \(request.label)")
        }
        do {
            let response = try await transport.send(http)
            return DeliveryOutcome(classify(response.status, response.body))
        } catch {
            return .transport("\(error)")
        }
    }
}

extension DeliveryOutcome {
    init(_ outcome: SendOutcome) {
        switch outcome {
        case .delivered(let id): self = .delivered(id)
        case .retryAfter(let s, let whole): self = .retryAfter(seconds: s, wholeBot: whole)
        case .retry(let r): self = .retry(r)
        case .refreshToken: self = .refreshToken
        case .chatMigrated(let c): self = .chatMigrated(c)
        case .unreachable(let r): self = .unreachable(r)
        case .failed(let r): self = .failed(r)
        }
    }
}
