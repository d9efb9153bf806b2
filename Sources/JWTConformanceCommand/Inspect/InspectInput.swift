import Foundation
import JWTConformance

/// Input that `inspect` cannot read: a missing file, an unset variable, bytes that are not
/// UTF-8, a key set that is not JSON. Reported with exit status 65; never quotes a secret.
struct UnreadableInput: Error, Equatable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Reads the token and the keys of `inspect`, with bounded reads so that no input can hang or
/// exhaust the command.
enum InspectInput {
    /// The most bytes read from standard input or a file: far above any token a verifier
    /// examines (64 KiB), so an oversized token is still diagnosed as too large.
    static let maximumReadByteCount = 4 << 20

    /// The environment variable `inspect` reads the secret from when no option names one.
    static let secretEnvironmentVariable = "JWT_CONFORMANCE_SECRET"

    /// The token: the argument itself, or standard input for `-`, without one final line break.
    static func token(_ argument: String, standardInput: () throws(UnreadableInput) -> [UInt8]) throws(UnreadableInput) -> String {
        guard argument == "-" else { return argument }
        return try text(try standardInput(), from: "standard input", droppingFinalLineBreak: true)
    }

    /// Reads standard input to its end, or up to the limit.
    static func readStandardInput() throws(UnreadableInput) -> [UInt8] {
        try read(FileHandle.standardInput, from: "standard input")
    }

    /// Reads a file to its end, or up to the limit.
    static func readFile(_ path: String, purpose: String) throws(UnreadableInput) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw UnreadableInput(message: "cannot read the \(purpose) '\(path)': \(reason)")
        }
        defer { try? handle.close() }
        return try read(handle, from: "the \(purpose) '\(path)'")
    }

    private static func read(_ handle: FileHandle, from name: String) throws(UnreadableInput) -> [UInt8] {
        do {
            let data = try handle.read(upToCount: maximumReadByteCount + 1) ?? Data()
            guard data.count <= maximumReadByteCount else {
                throw UnreadableInput(message: "\(name) holds more than \(maximumReadByteCount) bytes; a token is at most 64 KiB")
            }
            return Array(data)
        } catch let error as UnreadableInput {
            throw error
        } catch {
            throw UnreadableInput(message: "cannot read \(name): \(error.localizedDescription)")
        }
    }

    /// `bytes` as UTF-8 text, optionally without one final `\n` or `\r\n`.
    static func text(_ bytes: [UInt8], from name: String, droppingFinalLineBreak: Bool) throws(UnreadableInput) -> String {
        var bytes = bytes[...]
        if droppingFinalLineBreak, bytes.last == 0x0A {
            bytes.removeLast()
            if bytes.last == 0x0D { bytes.removeLast() }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.elementsEqual(bytes) else {
            let offset = firstInvalidUTF8Offset(Array(bytes))
            throw UnreadableInput(message: "\(name) is not UTF-8 text: invalid byte at byte offset \(offset)")
        }
        return text
    }

    /// The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            var length = 1
            while length <= 4, offset + length <= bytes.count {
                let slice = bytes[offset..<offset + length]
                if String(decoding: slice, as: UTF8.self).utf8.elementsEqual(slice) { break }
                length += 1
            }
            guard length <= 4, offset + length <= bytes.count else { return offset }
            offset += length
        }
        return offset
    }
}

/// Where the keys of `inspect` come from, for the report (never the secret itself).
struct InspectKeys {
    /// The key set, empty when no secret was given.
    var keys: [VerificationKey]
    /// A sentence on where they came from.
    var origin: String
    /// The `--kid` given, with or without a secret.
    var keyID: String?
    /// Whether the keys are a key set (a `--keys` file, a vector's keys), among which the
    /// profile selects exactly as the reference verifier does. Otherwise they are one secret
    /// given alone, which without `--kid` is taken to be the key the token's kid names.
    var isKeySet: Bool

    /// Whether the signature can be checked.
    var hasSecret: Bool { !keys.isEmpty }

    /// Loads the keys the options name: a key set file, or one secret from a file or a
    /// variable, with `--kid`; none when nothing names a secret.
    static func load(_ options: InspectOptions, environment: [String: String]) throws(UnreadableInput) -> InspectKeys {
        if let path = options.keysFile {
            let keys = try keySet(InspectInput.readFile(path, purpose: "key set"), path: path)
            return InspectKeys(keys: keys, origin: "the key set '\(path)' (\(keys.count) key\(keys.count == 1 ? "" : "s"))", isKeySet: true)
        }
        let secret: String
        let origin: String
        if let path = options.secretFile {
            let bytes = try InspectInput.readFile(path, purpose: "secret file")
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.utf8.elementsEqual(bytes) else {
                // No offset: where the invalid byte lies would tell something about the secret.
                throw UnreadableInput(message: "the secret file '\(path)' is not UTF-8 text")
            }
            secret = try InspectInput.text(bytes, from: "the secret file '\(path)'", droppingFinalLineBreak: true)
            origin = "the secret file '\(path)' (a final line break is not part of the secret)"
        } else if let name = options.secretEnvironmentVariable
            ?? (environment[InspectInput.secretEnvironmentVariable] == nil ? nil : InspectInput.secretEnvironmentVariable)
        {
            guard let value = environment[name] else {
                throw UnreadableInput(message: "the environment variable \(name) named by --secret-env is not set")
            }
            secret = value
            origin = "the environment variable \(name)"
        } else {
            return InspectKeys(keys: [], origin: "no secret given", keyID: options.kid, isKeySet: false)
        }
        return InspectKeys(keys: [VerificationKey(kid: options.kid, secret: secret)], origin: origin, keyID: options.kid, isKeySet: false)
    }

    /// Reads `[{"kid": …, "secret": …}]` or `{"keys": [...]}` as in PROTOCOL.md.
    static func keySet(_ bytes: [UInt8], path: String) throws(UnreadableInput) -> [VerificationKey] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            // Never the byte found there, and no offset inside a secret: either would tell
            // something about it.
            let place = error.path.hasSuffix(".secret") ? "in \(error.path)" : "at byte offset \(error.offset) (path \(error.path))"
            throw UnreadableInput(message: "the key set '\(path)' is not JSON: the problem is \(place)")
        }
        guard let list = value.arrayValue ?? value["keys"]?.arrayValue else {
            throw UnreadableInput(message: "the key set '\(path)' is not an array of keys nor an object with \"keys\" (PROTOCOL.md)")
        }
        var keys: [VerificationKey] = []
        for (index, entry) in list.enumerated() {
            let place = "the key set '\(path)', $\(value.arrayValue == nil ? ".keys" : "")[\(index)]"
            guard case .string(let secret)? = entry["secret"] else {
                throw UnreadableInput(message: "\(place): \"secret\" is missing or not a string")
            }
            switch entry["kid"] {
            case nil, .null?: keys.append(VerificationKey(secret: secret))
            case .string(let kid)?: keys.append(VerificationKey(kid: kid, secret: secret))
            default: throw UnreadableInput(message: "\(place): \"kid\" is neither a string nor null")
            }
        }
        guard !keys.isEmpty else { throw UnreadableInput(message: "the key set '\(path)' holds no key") }
        return keys
    }
}
