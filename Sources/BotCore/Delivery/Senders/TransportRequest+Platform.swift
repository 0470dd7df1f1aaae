import Channels
import CurlTransport
import HTTPTypes

extension TransportRequest {
    /// The transport's typed request for a platform call, JSON unless the call sets its own content type.
    /// `nil` when the renderer produced a method or field name HTTP does not allow (a bug, never user input).
    public init?(_ request: PlatformRequest, baseURL: String, timeout: Duration? = nil) {
        guard let method = HTTPRequest.Method(request.method) else { return nil }
        var fields = HTTPFields()
        for (name, value) in request.headers {
            guard let fieldName = HTTPField.Name(name) else { return nil }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        if fields[.contentType] == nil, !request.body.isEmpty { fields[.contentType] = "application/json" }
        self.init(
            method: method, url: request.url(baseURL: baseURL), headerFields: fields, body: request.body,
            timeout: timeout)
    }
}
