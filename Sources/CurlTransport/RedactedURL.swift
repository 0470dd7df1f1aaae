/// `scheme://host[:port]/…` for logs: the path, query, fragment and any user info are dropped, since
/// platforms put credentials there (`/bot<token>/sendMessage`, `?access_token=`).
///
/// Returns `"<invalid URL>"` when `url` has no `scheme://`.
public func redactedURL(_ url: String) -> String {
    guard let parts = URLParts(url) else { return "<invalid URL>" }
    let origin = "\(parts.scheme)://\(parts.hostAndPort)"
    return parts.rest.isEmpty ? origin : origin + "/…"
}

/// The pieces of an absolute URL that matter for redaction.
struct URLParts {
    /// The scheme, without `://`.
    var scheme: Substring
    /// The authority without user info.
    var hostAndPort: Substring
    /// `user:password@`, or empty.
    var userInfo: Substring
    /// Everything after the authority: path, query and fragment.
    var rest: Substring

    init?(_ url: String) {
        guard let separator = url.firstRange(of: "://") else { return nil }
        scheme = url[..<separator.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        else { return nil }
        let afterScheme = url[separator.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { "/?#".contains($0) }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            userInfo = authority[...at]
            hostAndPort = authority[authority.index(after: at)...]
        } else {
            userInfo = ""
            hostAndPort = authority
        }
        rest = afterScheme[authorityEnd...]
    }
}

/// Removes from a libcurl message every piece of `url` that may hold a secret.
func scrubbed(_ message: String, url: String) -> String {
    guard let parts = URLParts(url) else { return message }
    var result = message.replacing(url, with: redactedURL(url))
    var secrets: [Substring] = [parts.rest]
    if let query = parts.rest.firstIndex(of: "?") {
        secrets.append(parts.rest[..<query])
        secrets.append(parts.rest[parts.rest.index(after: query)...])
    }
    secrets.append(parts.userInfo)
    for secret in secrets where secret.count > 1 {
        result = result.replacing(secret, with: "…")
    }
    return result
}
