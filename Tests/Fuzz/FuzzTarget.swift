// libFuzzer entry point for the json-c wrapper and the webhook parsers. Not a SwiftPM target: build and run
// it with `Tests/Fuzz/run.sh`. The first input byte picks the target; the rest is the input. Any crash,
// sanitizer report or failed invariant (`precondition`) is a finding.
import Channels
import Foundation
import JSONWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch selector % 6 {
    case 0:
        // Whatever parses must serialize to JSON that parses back to the same value.
        if let value = try? JSONWire.parse(body, limits: JSONLimits(maxBytes: 1 << 16, maxDepth: 16)),
            !containsNonFinite(value)
        {
            let again = try? JSONWire.parse(JSONWire.serialize(value))
            precondition(again == value, "serialize/parse round trip changed the value")
        }
    case 1:
        checkEvents(try? TelegramWebhook.parse(body, botUsername: "my_bot", botID: 123_456_789))
    case 2:
        checkEvents(try? MessengerWebhook.parse(body))
    case 3:
        checkEvents(try? ZaloWebhook.parse(body))
    case 4:
        // A random body never carries a valid signature for these secrets.
        let header = "mac=" + String(repeating: "0", count: 64)
        precondition(
            (try? ZaloWebhook.verify(body: body, signatureHeader: header, appID: "1", oaSecretKey: "s")) == nil)
        precondition(
            (try? MessengerWebhook.verify(
                body: body, signatureHeader: "sha256=" + String(repeating: "0", count: 64), appSecret: "s")) == nil)
    default:
        // Splitting: chunks fit, are not blank, and keep every non-blank scalar in order.
        let text = String(decoding: body, as: UTF8.self)
        let limit = Int(selector % 50) + 2
        let chunks = TextSplitter.split(text, limit: limit)
        for chunk in chunks {
            precondition(chunk.utf16.count <= limit && chunk.unicodeScalars.contains { !$0.properties.isWhitespace })
        }
        let visible = { (text: String) in text.unicodeScalars.filter { !$0.properties.isWhitespace } }
        precondition(Array(visible(chunks.joined())) == Array(visible(text)))
    }
    return 0
}

private func checkEvents(_ events: [InboundEvent]?) {
    for case .message(let message) in events ?? [] {
        precondition(!message.dedupeKey.isEmpty && !message.userID.isEmpty && !message.chatID.isEmpty)
    }
}

private func containsNonFinite(_ value: JSONValue) -> Bool {
    switch value {
    case .double(let number): !number.isFinite
    case .array(let elements): elements.contains(where: containsNonFinite)
    case .object(let members): members.contains { containsNonFinite($0.value) }
    default: false
    }
}
