import JWTConformance

/// Protocol messages are read with the suite's one ``FieldReader``, as data files are; its
/// errors become ``ProtocolViolation``s that name the member. Unknown members are ignored:
/// later protocol versions may add them.
extension FieldReader {
    /// Parses one line as a JSON object: a reader of the whole message.
    init(protocolLine line: some Collection<UInt8>) throws(ProtocolViolation) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line, options: .init(maximumDepth: 16))
        } catch let error where error.kind == .loneSurrogate {
            guard let repaired = LoneSurrogates.replaced(in: line), let parsed = try? JSONParser.parse(repaired, options: .init(maximumDepth: 16)) else {
                throw ProtocolViolation("not JSON (\(error)): \(excerpt(ofLine: line))")
            }
            value = parsed
        } catch {
            throw ProtocolViolation("not JSON (\(error)): \(excerpt(ofLine: line))")
        }
        guard case .object = value else {
            throw ProtocolViolation("not a JSON object but \(value.typeName == "array" ? "an" : "a") \(value.typeName): \(value.excerpt)")
        }
        self.init(file: "protocol message", value: value)
    }

    /// Reads the message with `read`; a problem is a violation naming the member.
    func message<Message>(_ read: (FieldReader) throws(DataFileError) -> Message) throws(ProtocolViolation) -> Message {
        do {
            return try read(self)
        } catch {
            throw ProtocolViolation(error)
        }
    }
}

extension ProtocolViolation {
    /// A reader's problem in the protocol's words: `member "identity.kind" is "phone"; expected
    /// email or externalId`. A problem with the message as a whole is its text alone.
    init(_ error: DataFileError) {
        guard let path = error.path, path.hasPrefix("$.") else {
            self.init(error.message)
            return
        }
        let member = "\"\(path.dropFirst(2))\""
        switch error.problem {
        case .missing:
            self.init("member \(member) is missing")
        case .mismatch(let found, let expected):
            self.init("member \(member) is \(found.excerpt) (\(found.typeName)); expected \(expected)")
        case .unknownWord(let word, let expected):
            self.init("member \(member) is \(JSONValue.string(word).excerpt); expected \(listing(expected))")
        case .other(let message):
            self.init("member \(member): \(message)")
        }
    }
}

/// `a, b or c`.
private func listing(_ words: [String]) -> String {
    guard words.count > 1 else { return words.first ?? "" }
    return words.dropLast().joined(separator: ", ") + " or " + words.last!
}
