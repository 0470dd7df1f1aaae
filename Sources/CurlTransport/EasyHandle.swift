import CCurl
import HTTPTypes

/// One libcurl easy handle, owned by one worker thread and reused for every request that thread runs,
/// so that its connection cache keeps keep-alive connections and TLS sessions warm.
final class EasyHandle {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let configuration: CurlHTTPClient.Configuration
    /// First failure of a `curl_easy_setopt` while preparing the current request.
    private var setupError = CURLE_OK

    init(configuration: CurlHTTPClient.Configuration) {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else { preconditionFailure("curl_easy_init failed") }
        self.handle = handle
        self.configuration = configuration
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)  // closes the cached connections
        errorBuffer.deallocate()
    }

    /// Runs `request` to completion on the calling thread (blocking).
    func perform(_ request: TransportRequest, cancellation: CancellationFlag) -> TransferResult {
        guard Self.isValidURL(request.url) else { return .failure(.invalidURL) }
        // Method and field names are valid by construction (swift-http-types), field values carry no CR/LF.
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        Self.appendHeaders(request.headerFields, to: &headerList)

        let collector = ResponseCollector(
            maxBodyBytes: configuration.maxResponseBytes, cancellation: cancellation)
        let code: CURLcode = withExtendedLifetime(collector) {
            prepare(request, headers: headerList, collector: collector)
            return request.body.withUnsafeBytes { body in
                setBody(body, method: request.method.rawValue)
                guard setupError == CURLE_OK else { return setupError }
                errorBuffer[0] = 0
                return curl_easy_perform(handle)
            }
        }

        if collector.bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(.responseTooLarge(limit: configuration.maxResponseBytes))
        }
        if code == CURLE_ABORTED_BY_CALLBACK && cancellation.isCancelled {
            return .failure(.cancelled)
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            return .failure(HTTPTransportError(curlCode: code, detail: detail, url: request.url))
        }
        var status = 0
        _ = ebcurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(TransportResponse(status: status, headers: collector.headers, body: collector.body))
    }

    /// Appends the caller's fields, then an empty `Expect:` unless the caller set one: without it,
    /// bodies over 1 KiB wait up to 1 s for a "100 Continue" that many servers never send.
    private static func appendHeaders(_ fields: HTTPFields, to list: inout UnsafeMutablePointer<curl_slist>?) {
        for field in fields {
            let name = field.name.rawName
            // "Name:" would remove a default header; "Name;" sends it with an empty value.
            list = curl_slist_append(list, field.value.isEmpty ? name + ";" : name + ": " + field.value)
        }
        if !fields.contains(where: { $0.name == .expect }) {
            list = curl_slist_append(list, "Expect:")
        }
    }

    // MARK: Options

    /// Resets the previous request's options (connections, TLS sessions and DNS cache survive a reset)
    /// and sets this request's.
    private func prepare(
        _ request: TransportRequest, headers: UnsafeMutablePointer<curl_slist>?, collector: ResponseCollector
    ) {
        curl_easy_reset(handle)
        setupError = CURLE_OK
        let userData = Unmanaged.passUnretained(collector).toOpaque()

        set(CURLOPT_URL, request.url)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_NOSIGNAL, 1)  // timeouts from worker threads must not use SIGALRM
        set(CURLOPT_FOLLOWLOCATION, 0)
        // Verification is libcurl's default; stated here so that no later edit can turn it off quietly.
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundlePath = configuration.caBundlePath {
            set(CURLOPT_CAINFO, caBundlePath)
        }
        // No CURLOPT_PROXY: libcurl then reads http_proxy, https_proxy and no_proxy from the environment.
        set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds)
        set(CURLOPT_TIMEOUT_MS, (request.timeout ?? configuration.requestTimeout).curlMilliseconds)
        set(CURLOPT_TCP_KEEPALIVE, 1)
        set(CURLOPT_USERAGENT, configuration.userAgent)
        set(CURLOPT_HTTPHEADER, headers)
        setOffset(CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes))
        setPointer(CURLOPT_ERRORBUFFER, errorBuffer)
        setCallback(CURLOPT_WRITEFUNCTION, collectBody)
        setPointer(CURLOPT_WRITEDATA, userData)
        setCallback(CURLOPT_HEADERFUNCTION, collectHeader)
        setPointer(CURLOPT_HEADERDATA, userData)
        set(CURLOPT_NOPROGRESS, 0)
        record(ebcurl_setopt_xferinfo_callback(handle, CURLOPT_XFERINFOFUNCTION, checkCancellation))
        setPointer(CURLOPT_XFERINFODATA, userData)
    }

    /// Sets the method and body. The body is passed by pointer (no copy): `body` stays valid for the
    /// whole `curl_easy_perform`, which runs inside the caller's `withUnsafeBytes`.
    private func setBody(_ body: UnsafeRawBufferPointer, method: String) {
        switch method {
        case "GET" where body.isEmpty:
            set(CURLOPT_HTTPGET, 1)
            return
        case "HEAD":
            set(CURLOPT_NOBODY, 1)
            return
        case "POST":
            break
        default:
            set(CURLOPT_CUSTOMREQUEST, method)
            if body.isEmpty && method != "PUT" && method != "PATCH" { return }
        }
        setOffset(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        if let base = body.baseAddress {
            setPointer(CURLOPT_POSTFIELDS, base)
        } else {
            set(CURLOPT_COPYPOSTFIELDS, "")  // a NULL CURLOPT_POSTFIELDS would read the body from stdin
        }
    }

    private func record(_ code: CURLcode) {
        if setupError == CURLE_OK { setupError = code }
    }

    private func set(_ option: CURLoption, _ value: Int) {
        record(ebcurl_setopt_long(handle, option, value))
    }

    private func setOffset(_ option: CURLoption, _ value: curl_off_t) {
        record(ebcurl_setopt_off_t(handle, option, value))
    }

    /// libcurl copies string options (all but CURLOPT_POSTFIELDS) before returning.
    private func set(_ option: CURLoption, _ value: String) {
        record(ebcurl_setopt_string(handle, option, value))
    }

    private func set(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>?) {
        record(ebcurl_setopt_slist(handle, option, value))
    }

    private func setPointer(_ option: CURLoption, _ value: UnsafeRawPointer) {
        record(ebcurl_setopt_pointer(handle, option, value))
    }

    private func setCallback(_ option: CURLoption, _ callback: curl_write_callback) {
        record(ebcurl_setopt_write_callback(handle, option, callback))
    }

    // MARK: Validation (before anything reaches libcurl)

    /// An absolute http(s) URL without spaces or control characters (which could split the request).
    static func isValidURL(_ url: String) -> Bool {
        let bytes = url.utf8
        guard bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return false }
        let lowercasedPrefix = bytes.prefix(8).map(\.asciiLowercased)
        return lowercasedPrefix.starts(with: "http://".utf8) && bytes.count > 7
            || lowercasedPrefix.starts(with: "https://".utf8) && bytes.count > 8
    }
}
