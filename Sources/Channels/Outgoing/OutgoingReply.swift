/// What the bot wants to say, before any platform formatting. The answering engine's reply maps to this,
/// so that this module does not depend on the engine.
public struct OutgoingReply: Sendable, Equatable {
    /// Plain text; may contain newlines; never pre-escaped (each renderer escapes for its platform).
    public var text: String
    /// Follow-up choices, shown as buttons or quick replies where the platform has them.
    public var suggestions: [QuickReply]
    /// The platform id of the user's message to quote, if any.
    public var replyToMessageID: String?

    public init(text: String, suggestions: [QuickReply] = [], replyToMessageID: String? = nil) {
        self.text = text
        self.suggestions = suggestions
        self.replyToMessageID = replyToMessageID
    }
}

/// A follow-up choice: `title` is shown, `payload` comes back as the text of the user's next message.
public struct QuickReply: Sendable, Equatable {
    public var title: String
    public var payload: String

    public init(title: String, payload: String) {
        self.title = title
        self.payload = payload
    }
}
