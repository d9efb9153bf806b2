/// The unpadded base64url encoding of RFC 7515 §2 (RFC 4648 §5 without `=` padding).
///
/// Decoding is strict: the only accepted input is the exact canonical encoding that ``encode(_:)``
/// produces, so every byte string has exactly one accepted textual form.
public enum Base64URL {
    /// Returns the unpadded base64url encoding of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.withContiguousStorageIfAvailable { encode(UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes { encode($0) }
    }

    /// Decodes unpadded base64url text.
    ///
    /// The input must consist only of the characters `A-Z`, `a-z`, `0-9`, `-` and `_`; its length must
    /// not be 1 more than a multiple of 4; and the unused low bits of its last character must be zero.
    /// Padding, whitespace, line breaks and the standard-alphabet characters `+` and `/` are rejected.
    ///
    /// - Throws: A ``Base64URLError`` carrying the byte offset of the first problem in the input.
    public static func decode(_ text: some StringProtocol) throws(Base64URLError) -> [UInt8] {
        let result = text.utf8.withContiguousStorageIfAvailable { decode(UnsafeRawBufferPointer($0)) }
            ?? Array(text.utf8).withUnsafeBytes { decode($0) }
        return try result.get()
    }

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Maps each byte to its 6-bit value, or to `invalid` when it is not in the alphabet.
    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()

    private static let invalid: UInt8 = 0xFF

    private static func encode(_ input: UnsafeRawBufferPointer) -> String {
        let outputCount = (input.count * 4 + 2) / 3
        guard outputCount > 0 else { return "" }
        return alphabet.withUnsafeBufferPointer { alphabet in
            String(unsafeUninitializedCapacity: outputCount) { output in
                var written = 0
                var index = 0
                while index + 3 <= input.count {
                    let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                    output[written] = alphabet[Int(group >> 18 & 0x3F)]
                    output[written + 1] = alphabet[Int(group >> 12 & 0x3F)]
                    output[written + 2] = alphabet[Int(group >> 6 & 0x3F)]
                    output[written + 3] = alphabet[Int(group & 0x3F)]
                    written += 4
                    index += 3
                }
                switch input.count - index {
                case 1:
                    let group = UInt32(input[index]) << 16
                    output[written] = alphabet[Int(group >> 18 & 0x3F)]
                    output[written + 1] = alphabet[Int(group >> 12 & 0x3F)]
                    written += 2
                case 2:
                    let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
                    output[written] = alphabet[Int(group >> 18 & 0x3F)]
                    output[written + 1] = alphabet[Int(group >> 12 & 0x3F)]
                    output[written + 2] = alphabet[Int(group >> 6 & 0x3F)]
                    written += 3
                default:
                    break
                }
                return written
            }
        }
    }

    private static func decode(_ input: UnsafeRawBufferPointer) -> Result<[UInt8], Base64URLError> {
        var failure: Base64URLError?
        let output = [UInt8](unsafeUninitializedCapacity: maximumDecodedCount(input.count)) { output, initialized in
            switch decode(input, into: output.baseAddress!) {
            case .success(let count): initialized = count
            case .failure(let error): failure = error
            }
        }
        return failure.map { .failure($0) } ?? .success(output)
    }

    /// The most bytes `count` characters decode to: room for ``decode(_:into:)``'s output.
    static func maximumDecodedCount(_ count: Int) -> Int {
        count / 4 * 3 + 2
    }

    /// Decodes `input` into `output`, which has room for ``maximumDecodedCount(_:)`` bytes, and
    /// returns how many bytes it wrote, or the first problem as ``decode(_:)`` reports it.
    static func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) -> Result<Int, Base64URLError> {
        decodingTable.withUnsafeBufferPointer { table in
            let count = input.count
            var written = 0
            var offset = 0
            // Whole groups of four characters; `invalid` has its high bit set, so one test
            // covers the four.
            while offset + 4 <= count {
                let a = table[Int(input[offset])], b = table[Int(input[offset + 1])]
                let c = table[Int(input[offset + 2])], d = table[Int(input[offset + 3])]
                guard (a | b | c | d) & 0x80 == 0 else { break }
                let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                output[written] = UInt8(truncatingIfNeeded: group >> 16)
                output[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                output[written + 2] = UInt8(truncatingIfNeeded: group)
                written += 3
                offset += 4
            }
            // The rest, one character at a time: the final partial group, or the group that
            // holds the first invalid character.
            var values: UInt32 = 0
            var pending = 0
            while offset < count {
                let byte = input[offset]
                let value = table[Int(byte)]
                guard value != invalid else {
                    let kind: Base64URLError.Kind = byte == UInt8(ascii: "=") ? .padding : .invalidCharacter(byte)
                    return .failure(Base64URLError(kind, offset: offset))
                }
                values = values << 6 | UInt32(value)
                pending += 1
                offset += 1
            }
            switch pending {
            case 1:
                return .failure(Base64URLError(.invalidLength, offset: count - 1))
            case 2:
                guard values & 0x0F == 0 else {
                    return .failure(Base64URLError(.nonCanonicalTrailingBits, offset: count - 1))
                }
                output[written] = UInt8(truncatingIfNeeded: values >> 4)
                written += 1
            case 3:
                guard values & 0x03 == 0 else {
                    return .failure(Base64URLError(.nonCanonicalTrailingBits, offset: count - 1))
                }
                output[written] = UInt8(truncatingIfNeeded: values >> 10)
                output[written + 1] = UInt8(truncatingIfNeeded: values >> 2)
                written += 2
            default:
                break
            }
            return .success(written)
        }
    }
}

/// An error thrown when text is not the canonical unpadded base64url encoding of any byte string.
public struct Base64URLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason the input was rejected.
    public enum Kind: Sendable, Hashable {
        /// A byte outside `A-Z a-z 0-9 - _`, such as `+`, `/`, whitespace, or any non-ASCII byte.
        case invalidCharacter(UInt8)
        /// A `=` padding character; base64url in JOSE is always unpadded.
        case padding
        /// The input length is 1 more than a multiple of 4, which no byte string encodes to.
        case invalidLength
        /// The unused low bits of the last character are not zero.
        case nonCanonicalTrailingBits
    }

    /// The reason the input was rejected.
    public var kind: Kind

    /// The byte offset in the UTF-8 input of the character at fault.
    ///
    /// For ``Kind/invalidLength`` and ``Kind/nonCanonicalTrailingBits`` this is the last character.
    public var offset: Int

    /// Creates an error of `kind` at the byte `offset` of the input.
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// A message naming the problem and its offset, such as
    /// "invalid base64url character '+' (0x2B) at offset 12".
    public var description: String {
        switch kind {
        case .invalidCharacter(let byte):
            let hex = "0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            if (0x21...0x7E).contains(byte) {
                return "invalid base64url character '\(Character(Unicode.Scalar(byte)))' (\(hex)) at offset \(offset)"
            }
            return "invalid base64url character \(hex) at offset \(offset)"
        case .padding:
            return "unexpected base64url padding '=' at offset \(offset)"
        case .invalidLength:
            return "invalid base64url length: dangling character at offset \(offset)"
        case .nonCanonicalTrailingBits:
            return "non-canonical base64url: unused bits of the last character are not zero at offset \(offset)"
        }
    }
}

extension String {
    /// Returns the string left-padded with zeros to at least `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
