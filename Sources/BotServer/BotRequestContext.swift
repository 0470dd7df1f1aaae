import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basic one plus the client's address, which the admin
/// API's rate limit of failed logins is keyed by.
public struct BotRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The address without the port: one client's retries come from many ports.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
