/// Text helpers for session messages.
enum SessionText {
    /// `value` as a JSON string literal.
    static func quoted(_ value: String) -> String {
        JSONValue.string(value).serialized()
    }
}
