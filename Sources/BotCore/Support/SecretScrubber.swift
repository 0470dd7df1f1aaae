import Foundation

/// Removes credentials from text that came from upstream before it is logged or stored in
/// `outbox.last_error`: a proxy or a platform that echoes the request line or a header would otherwise put
/// the bot token or a page token into the logs and the database.
///
/// Two nets: every configured secret, verbatim and percent-encoded; and the shapes credentials take in
/// these APIs whatever their value (a Telegram `bot<id>:<token>` path, an `access_token` parameter or JSON
/// field), which also covers Zalo's access tokens, rotated at run time and never in the configuration.
public struct SecretScrubber: Sendable {
    static let mask = "[redacted]"
    let secrets: [String]

    public init(secrets: [String]) {
        var all = Set<String>()
        for secret in secrets where secret.count >= 6 {
            all.insert(secret)
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { all.insert(encoded) }
        }
        // Longest first, so a secret that contains another is removed whole.
        self.secrets = all.sorted { $0.count > $1.count }
    }

    public init(config: BotConfig) {
        var secrets: [String] = []
        if let t = config.telegram { secrets += [t.token, t.secretToken].compactMap { $0 } }
        if let m = config.messenger { secrets += [m.appSecret, m.verifyToken, m.pageToken] }
        if let z = config.zalo {
            secrets += [z.oaSecretKey, z.appSecret, z.accessToken, z.refreshToken].compactMap { $0 }
        }
        self.init(secrets: secrets)
    }

    public func scrub(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.mask)
        }
        return Self.scrubShapes(text)
    }

    func scrub(_ outcome: DeliveryOutcome) -> DeliveryOutcome {
        switch outcome {
        case .retry(let reason): .retry(scrub(reason))
        case .transport(let reason): .transport(scrub(reason))
        case .unreachable(let reason): .unreachable(scrub(reason))
        case .failed(let reason): .failed(scrub(reason))
        case .delivered, .retryAfter, .refreshToken, .chatMigrated: outcome
        }
    }

    /// Replaces what follows each marker up to a delimiter. Linear in the text; no regular expressions on the
    /// delivery path.
    static func scrubShapes(_ text: String) -> String {
        var text = text
        for (marker, delimiters) in shapes where text.contains(marker) {
            var out = ""
            var rest = Substring(text)
            while let range = rest.range(of: marker) {
                out += rest[..<range.upperBound]
                rest = rest[range.upperBound...]
                // "/bot" is a Telegram token only when the bot's numeric id follows.
                if marker == "/bot", rest.first?.isASCII != true || rest.first?.isNumber != true { continue }
                let end = rest.firstIndex { delimiters.contains($0) || $0.isWhitespace } ?? rest.endIndex
                if end > rest.startIndex { out += mask }
                rest = rest[end...]
            }
            out += rest
            text = out
        }
        return text
    }

    static let shapes: [(marker: String, delimiters: Set<Character>)] = [
        // Telegram: /bot<id>:<token>/method; the id is public, the part after the colon is the secret.
        ("/bot", ["/", "?", "\"", "'", "&"]),
        ("access_token=", ["&", "\"", "'", ";", ","]),
        ("access_token\":\"", ["\""]),
        ("access_token\": \"", ["\""]),
        ("refresh_token=", ["&", "\"", "'", ";", ","]),
        ("refresh_token\":\"", ["\""]),
        ("secret_key=", ["&", "\"", "'", ";", ","]),
    ]
}
