import CCurl

/// `curl_global_init` must run once before any other libcurl call; a Swift global is initialised
/// lazily and exactly once, thread-safely.
private let globalInitResult: CURLcode = ebcurl_global_init()

enum CurlGlobal {
    /// Runs `curl_global_init` on first use; a failure here means libcurl cannot work at all.
    static func ensureInitialized() {
        precondition(
            globalInitResult == CURLE_OK,
            "curl_global_init failed: \(String(cString: curl_easy_strerror(globalInitResult)))")
    }
}
