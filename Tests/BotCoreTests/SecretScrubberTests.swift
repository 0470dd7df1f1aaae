import BotCore
import Testing

@Suite("Secret scrubbing of upstream text")
struct SecretScrubberTests {
    @Test("configured secrets, verbatim and percent-encoded, and token shapes are removed")
    func scrubs() {
        let scrubber = SecretScrubber(secrets: ["EAAGpagetoken+/=", "short"])
        #expect(scrubber.scrub("token EAAGpagetoken+/= bad") == "token [redacted] bad")
        #expect(scrubber.scrub("url ?t=EAAGpagetoken%2B%2F%3D&x") == "url ?t=[redacted]&x")
        // Too short to be a credential: left alone (it would mangle ordinary words).
        #expect(scrubber.scrub("short") == "short")
        #expect(scrubber.scrub("GET /bot42:AAH-x_y/sendMessage") == "GET /bot[redacted]/sendMessage")
        #expect(scrubber.scrub("both /bottle") == "both /bottle")
        #expect(
            scrubber.scrub(#"{"access_token":"zalo-rotated-1","x":1} ?access_token=abc&y=2"#)
                == #"{"access_token":"[redacted]","x":1} ?access_token=[redacted]&y=2"#)
    }
}
