extension CurlHTTPClient {
    /// Tuning of the libcurl client; the defaults suit chat platforms' send APIs.
    public struct Configuration: Sendable {
        /// Dedicated threads, each with its own libcurl handle and connection cache: this many requests
        /// run at once, the rest wait in a queue.
        public var workers: Int
        /// Time allowed to resolve, connect and finish the TLS handshake.
        public var connectTimeout: Duration
        /// Time allowed for a whole request, unless the request sets its own ``TransportRequest/timeout``.
        public var requestTimeout: Duration
        /// The `User-Agent` header value.
        public var userAgent: String
        /// Larger response bodies fail with `.other(code: 63, …)` instead of growing memory unbounded.
        public var maxResponseBytes: Int
        /// A PEM file of trusted CA certificates replacing the system bundle (for a private CA or an
        /// intercepting corporate proxy); `nil` trusts the system bundle. Verification is always on.
        public var caBundlePath: String?

        /// Creates a configuration.
        public init(
            workers: Int = 4,
            connectTimeout: Duration = .seconds(5),
            requestTimeout: Duration = .seconds(15),
            userAgent: String = "ElectionBot/1.0",
            maxResponseBytes: Int = 4 << 20,
            caBundlePath: String? = nil
        ) {
            self.workers = workers
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.userAgent = userAgent
            self.maxResponseBytes = maxResponseBytes
            self.caBundlePath = caBundlePath
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a tiny positive timeout never becomes 0 (= no timeout
    /// for libcurl), clamped to at least 1.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        guard !millis.overflow else { return Int.max }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        let total = millis.partialValue.addingReportingOverflow(fraction)
        return total.overflow ? Int.max : max(1, Int(total.partialValue))
    }
}
