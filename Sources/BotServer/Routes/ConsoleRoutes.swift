import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/admin/`: the console's static files (HTML, CSS, JavaScript, images) from one flat directory, with the
/// headers that keep a citizen's text inert even if a page had a bug: a strict CSP with no inline script,
/// no framing, no MIME sniffing, no referrer.
struct ConsoleRoutes: Sendable {
    let directory: String

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        HTTPField.Name("X-Frame-Options")!: "DENY", .xContentTypeOptions: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    static let types = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon", "json": "application/json",
        "webmanifest": "application/manifest+json",
    ]

    func register(on router: Router<BotRequestContext>) {
        // The router treats `/admin` and `/admin/` as one path; the page's relative links need the slash.
        router.get("/admin") { request, _ in
            guard request.uri.path.hasSuffix("/") else {
                var headers = Self.securityHeaders
                headers[.location] = "/admin/"
                return Response(status: .movedPermanently, headers: headers)
            }
            return file("index.html")
        }
        router.get("/admin/{file}") { _, context in file(try context.parameters.require("file")) }
    }

    /// Only plain names of files directly in the directory: no `/`, no `..`, no hidden files.
    func file(_ name: String) -> Response {
        let ext = name.split(separator: ".").last.map(String.init) ?? ""
        guard !name.hasPrefix("."), name.utf8.allSatisfy({ Self.allowed($0) }), let type = Self.types[ext],
            let data = FileManager.default.contents(atPath: directory + "/" + name)
        else {
            var headers = Self.securityHeaders
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(
                status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
        }
        var headers = Self.securityHeaders
        headers[.contentType] = type
        // Small files, re-read per request so an upgrade of the console needs no restart; never cached stale.
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func allowed(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D
            || b == 0x5F
    }
}
