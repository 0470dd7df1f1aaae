import CCurl

/// Receives one response's header lines and body bytes from libcurl's callbacks, on the worker thread.
final class ResponseCollector {
    let maxBodyBytes: Int
    let cancellation: CancellationFlag
    private(set) var headers: [(String, String)] = []
    private(set) var body: [UInt8] = []
    /// Set when the body outgrew `maxBodyBytes` and the transfer was aborted.
    private(set) var bodyTooLarge = false

    init(maxBodyBytes: Int, cancellation: CancellationFlag) {
        self.maxBodyBytes = maxBodyBytes
        self.cancellation = cancellation
    }

    /// Returns false to abort the transfer.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= maxBodyBytes - body.count else {
            bodyTooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// One raw header line including its CRLF. A status line starts a new header block (after a
    /// `100 Continue` or another interim response), so only the final response's fields remain.
    func appendHeaderLine(_ line: UnsafeRawBufferPointer) {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        guard end > 0 else { return }
        let bytes = UnsafeRawBufferPointer(rebasing: line[..<end])
        if bytes.starts(with: "HTTP/".utf8) {
            headers.removeAll(keepingCapacity: true)
            return
        }
        if bytes[0] == UInt8(ascii: " ") || bytes[0] == UInt8(ascii: "\t") {
            // Obsolete line folding: continue the previous field's value.
            if let last = headers.indices.last {
                headers[last].1 += " " + Self.trimmedString(bytes[...])
            }
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: bytes[..<colon], as: UTF8.self)
        let value = Self.trimmedString(bytes[(colon + 1)...])
        if name.equalsIgnoringASCIICase("Content-Length"), let length = Int(value), length > 0 {
            body.reserveCapacity(min(length, maxBodyBytes))
        }
        headers.append((name, value))
    }

    private static func trimmedString(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        var slice = bytes
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            slice = slice.dropFirst()
        }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            slice = slice.dropLast()
        }
        return String(decoding: slice, as: UTF8.self)
    }
}

// MARK: libcurl callbacks (C function pointers: no captures, the collector comes as user data)

/// CURLOPT_WRITEFUNCTION: returning a count other than the one given aborts with CURLE_WRITE_ERROR.
let collectBody: curl_write_callback = { data, size, count, userData in
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userData!).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    return collector.appendBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// CURLOPT_HEADERFUNCTION: called once per complete header line.
let collectHeader: curl_write_callback = { data, size, count, userData in
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userData!).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    collector.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

/// CURLOPT_XFERINFOFUNCTION: a non-zero return aborts with CURLE_ABORTED_BY_CALLBACK, which is how a
/// cancelled task stops its transfer (libcurl calls this at least about once a second).
let checkCancellation: curl_xferinfo_callback = { userData, _, _, _, _ in
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userData!).takeUnretainedValue()
    return collector.cancellation.isCancelled ? 1 : 0
}
