import HTTPTypes
import Testing

@testable import CurlTransport

@Suite("CurlHTTPClient round trips against a local server")
struct CurlHTTPClientRoundTripTests {
    @Test func getSendsMethodTargetAndHeadersAndReturnsTheResponse() async throws {
        try await withServer(
            configuration: .init(userAgent: "ElectionBot-Test/1"),
            answering: CannedResponse(
                headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Reply", "  yes  ")],
                body: Array("Xin chào cử tri".utf8))
        ) { server, client in
            let response = try await client.send(
                TransportRequest(
                    url: "http://127.0.0.1:\(server.port)/hello?lang=vi",
                    headerFields: [HTTPField.Name("X-Test")!: "abc", HTTPField.Name("X-Empty")!: ""]))

            #expect(response.status == 200)
            #expect(response.body == Array("Xin chào cử tri".utf8))
            #expect(response.header("x-reply") == "yes")
            #expect(response.header("CONTENT-TYPE") == "text/plain; charset=utf-8")
            #expect(response.header("Missing") == nil)
            let seen = try #require(server.requests.first)
            #expect(seen.method == "GET")
            #expect(seen.target == "/hello?lang=vi")
            #expect(seen.header("X-Test") == "abc")
            #expect(seen.header("X-Empty") == "")
            #expect(seen.header("User-Agent") == "ElectionBot-Test/1")
            #expect(seen.header("Content-Length") == nil)
        }
    }

    @Test(arguments: [0, 300, 4096, 200_000])
    func postSendsTheExactBodyWithoutWaitingForContinue(paddingBytes: Int) async throws {
        let text = #"{"chat_id":42,"text":"Bầu cử đại biểu Quốc hội khoá XVI — ngày bỏ phiếu: Chủ nhật"#
        let body = Array((text + String(repeating: "ệ", count: paddingBytes / 3) + #""}"#).utf8)
        try await withServer(handler: echoTarget) { server, client in
            let response = try await client.send(
                TransportRequest(
                    method: .post, url: "http://127.0.0.1:\(server.port)/bot123:SECRET/sendMessage",
                    headerFields: [.contentType: "application/json"], body: body))

            #expect(response.status == 200)
            #expect(response.header("X-Method") == "POST")
            let seen = try #require(server.requests.first)
            #expect(seen.method == "POST")
            #expect(seen.body == body)
            #expect(seen.header("Content-Length") == "\(body.count)")
            #expect(seen.header("Content-Type") == "application/json")
            #expect(seen.header("Expect") == nil)
            // No `Expect: 100-continue` (checked above), so a > 1 KiB body is never held back for libcurl's 1 s wait.
        }
    }

    @Test func otherMethodsCarryTheirBodies() async throws {
        try await withServer(handler: echoTarget) { server, client in
            let base = "http://127.0.0.1:\(server.port)"
            let put = try await client.send(
                TransportRequest(method: .put, url: base + "/put", body: [1, 2, 3]))
            let emptyPost = try await client.send(TransportRequest(method: .post, url: base + "/empty"))
            let delete = try await client.send(TransportRequest(method: .delete, url: base + "/delete"))
            let head = try await client.send(TransportRequest(method: .head, url: base + "/head"))

            #expect([put, emptyPost, delete, head].map(\.status) == [200, 200, 200, 200])
            #expect(head.body.isEmpty)
            #expect(delete.body == Array("/delete".utf8))
            let seen = server.requests
            #expect(seen.map(\.method) == ["PUT", "POST", "DELETE", "HEAD"])
            #expect(seen[0].body == [1, 2, 3])
            #expect(seen[1].header("Content-Length") == "0")
            #expect(seen[2].body.isEmpty)
        }
    }

    @Test(arguments: [200, 403, 429, 500])
    func everyStatusReturnsItsBodyAndHeaders(status: Int) async throws {
        let envelope = Array(
            #"{"ok":false,"error_code":\#(status),"parameters":{"retry_after":7}}"#.utf8)
        try await withServer(
            answering: CannedResponse(status: status, headers: [("Retry-After", "7")], body: envelope)
        ) { server, client in
            let response = try await client.send(TransportRequest(url: "http://127.0.0.1:\(server.port)/x"))
            #expect(response.status == status)
            #expect(response.body == envelope)
            #expect(response.header("retry-after") == "7")
        }
    }

    @Test func chunkedResponsesAreReassembled() async throws {
        let body = (0..<10_000).map { UInt8(truncatingIfNeeded: $0) }
        try await withServer(answering: CannedResponse(body: body, chunked: true)) {
            server, client in
            let response = try await client.send(
                TransportRequest(url: "http://127.0.0.1:\(server.port)/chunked"))
            #expect(response.body == body)
            #expect(response.header("Transfer-Encoding") == "chunked")
        }
    }

    @Test func aWorkerReusesItsConnection() async throws {
        try await withServer(configuration: .init(workers: 1), handler: echoTarget) { server, client in
            for index in 0..<10 {
                let response = try await client.send(
                    TransportRequest(
                        method: index.isMultiple(of: 2) ? .get : .post,
                        url: "http://127.0.0.1:\(server.port)/\(index)",
                        body: index.isMultiple(of: 2) ? [] : [7]))
                #expect(response.body == Array("/\(index)".utf8))
            }
            #expect(server.requests.count == 10)
            #expect(server.acceptedConnections == 1)
            #expect(Set(server.requests.map(\.connection)) == [1])
        }
    }

    @Test func manyConcurrentRequestsAreEachAnsweredCorrectly() async throws {
        try await withServer(configuration: .init(workers: 4), handler: echoTarget) { server, client in
            let url = "http://127.0.0.1:\(server.port)"
            let mismatches = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let target = "/echo/\(index)?q=\(index * 7)"
                        let response = try? await client.send(TransportRequest(url: url + target))
                        return response?.status == 200 && response?.body == Array(target.utf8)
                    }
                }
                return await group.reduce(into: 0) { count, ok in count += ok ? 0 : 1 }
            }
            #expect(mismatches == 0)
            #expect(server.requests.count == 200)
            // One kept-alive connection per worker.
            #expect(server.acceptedConnections <= 4)
        }
    }
}
