/// A complete HTTP response: whatever the status, the body is returned so that callers can read the
/// platform's error envelope.
/// (Named apart from swift-http-types' `HTTPResponse`: one name per idea.)
public struct TransportResponse: Sendable {
    /// The status code, for example 200, 403 or 429.
    public var status: Int
    /// The header fields of the final response, in the order received (repeated names stay separate).
    public var headers: [(String, String)]
    /// The body bytes, decoded from any transfer encoding.
    public var body: [UInt8]

    /// Creates a response; the transport builds these, tests and fakes may too.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header field named `name`, compared case-insensitively as HTTP requires
    /// (`Retry-After` and `retry-after` are the same field).
    public func header(_ name: String) -> String? {
        for (fieldName, value) in headers where fieldName.equalsIgnoringASCIICase(name) {
            return value
        }
        return nil
    }
}

extension String {
    /// ASCII case-insensitive equality, without allocating lowercased copies.
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        var lhs = utf8.makeIterator()
        var rhs = other.utf8.makeIterator()
        while true {
            switch (lhs.next(), rhs.next()) {
            case (nil, nil):
                return true
            case (let a?, let b?):
                if a != b && a.asciiLowercased != b.asciiLowercased { return false }
            default:
                return false
            }
        }
    }
}

extension UInt8 {
    var asciiLowercased: UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) ? self | 0x20 : self
    }
}
