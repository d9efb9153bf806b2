/// The exact value of a JSON number literal, in lowest terms: `sign × digits × 10^exponent`.
///
/// Two literals have equal values exactly when their `DecimalValue`s are equal: `1700000000`,
/// `1700000000.0`, `1.7e9` and `17E+8` are one value, `-0` and `0` another, while
/// `1700000000.0000001` differs from all of them. Nothing is rounded, however many digits the
/// literal has or however large its exponent.
public struct DecimalValue: Sendable, Hashable, CustomStringConvertible {
    /// Whether the value is below zero (never for zero).
    public let isNegative: Bool
    /// The significant decimal digits, without leading or trailing zeros; empty for zero.
    public let digits: String
    /// The power of ten `digits` is multiplied by, as a decimal integer; `"0"` for zero.
    public let exponent: String

    /// The value of `number`.
    public init(_ number: JSONNumber) {
        var negative = false
        var mantissa: [UInt8] = []
        var fractionDigitCount = 0
        var exponentNegative = false
        var exponentDigits: [UInt8] = []
        var part = 0
        for byte in number.text.utf8 {
            switch byte {
            case UInt8(ascii: "-") where part == 0: negative = true
            case UInt8(ascii: "-"): exponentNegative = true
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): part = 1
            case UInt8(ascii: "e"), UInt8(ascii: "E"): part = 2
            default:
                if part == 2 {
                    if !exponentDigits.isEmpty || byte != UInt8(ascii: "0") { exponentDigits.append(byte) }
                } else {
                    if part == 1 { fractionDigitCount += 1 }
                    if !mantissa.isEmpty || byte != UInt8(ascii: "0") { mantissa.append(byte) }
                }
            }
        }
        let trailingZeroCount = mantissa.reversed().prefix { $0 == UInt8(ascii: "0") }.count
        guard trailingZeroCount < mantissa.count else {
            self.init(isNegative: false, digits: [], exponent: [])
            return
        }
        // digits × 10^(exponent − fractionDigitCount + trailingZeroCount)
        let shift = DecimalInteger(trailingZeroCount - fractionDigitCount)
        let exponent = DecimalInteger(isNegative: exponentNegative, magnitude: exponentDigits) + shift
        self.init(
            isNegative: negative, digits: Array(mantissa.dropLast(trailingZeroCount)), exponent: exponent.text)
    }

    private init(isNegative: Bool, digits: [UInt8], exponent: [UInt8]) {
        self.isNegative = isNegative
        self.digits = String(decoding: digits, as: UTF8.self)
        self.exponent = exponent.isEmpty ? "0" : String(decoding: exponent, as: UTF8.self)
    }

    /// The value in scientific notation, such as `17e8` or `-1e-7`; `0` for zero.
    public var description: String {
        digits.isEmpty ? "0" : (isNegative ? "-" : "") + digits + "e" + exponent
    }
}

extension JSONNumber {
    /// The exact value of the literal (see ``DecimalValue``).
    public var decimalValue: DecimalValue { DecimalValue(self) }

    /// Whether the two literals denote the same number, compared exactly: `1.7e9` is
    /// `1700000000`, `1700000000.0000001` is not.
    public func hasSameValue(as other: JSONNumber) -> Bool {
        decimalValue == other.decimalValue
    }
}

/// An integer of any size as ASCII decimal digits, with just the addition that
/// ``DecimalValue`` needs to place a literal's exponent exactly.
private struct DecimalInteger {
    var isNegative: Bool
    /// ASCII digits, most significant first, without leading zeros; empty for zero.
    var magnitude: [UInt8]

    init(isNegative: Bool, magnitude: [UInt8]) {
        self.isNegative = isNegative && !magnitude.isEmpty
        self.magnitude = magnitude
    }

    init(_ value: Int) {
        self.init(isNegative: value < 0, magnitude: value == 0 ? [] : Array(String(value.magnitude).utf8))
    }

    /// The signed decimal text, empty for zero.
    var text: [UInt8] { (isNegative ? [UInt8(ascii: "-")] : []) + magnitude }

    static func + (lhs: DecimalInteger, rhs: DecimalInteger) -> DecimalInteger {
        if lhs.isNegative == rhs.isNegative {
            return DecimalInteger(isNegative: lhs.isNegative, magnitude: add(lhs.magnitude, rhs.magnitude))
        }
        if isLess(lhs.magnitude, rhs.magnitude) {
            return DecimalInteger(isNegative: rhs.isNegative, magnitude: subtract(lhs.magnitude, from: rhs.magnitude))
        }
        return DecimalInteger(isNegative: lhs.isNegative, magnitude: subtract(rhs.magnitude, from: lhs.magnitude))
    }

    private static func isLess(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.count != rhs.count ? lhs.count < rhs.count : lhs.lexicographicallyPrecedes(rhs)
    }

    private static func add(_ lhs: [UInt8], _ rhs: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var carry: UInt8 = 0
        var left = lhs.reversed().makeIterator()
        var right = rhs.reversed().makeIterator()
        while true {
            let a = left.next(), b = right.next()
            guard a != nil || b != nil || carry != 0 else { break }
            let sum = (a.map { $0 - UInt8(ascii: "0") } ?? 0) + (b.map { $0 - UInt8(ascii: "0") } ?? 0) + carry
            result.append(sum % 10 + UInt8(ascii: "0"))
            carry = sum / 10
        }
        return result.reversed()
    }

    /// `larger − smaller`, where `smaller` is not greater than `larger`.
    private static func subtract(_ smaller: [UInt8], from larger: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var borrow: UInt8 = 0
        var right = smaller.reversed().makeIterator()
        for digit in larger.reversed() {
            let a = digit - UInt8(ascii: "0")
            let b = (right.next().map { $0 - UInt8(ascii: "0") } ?? 0) + borrow
            borrow = a < b ? 1 : 0
            result.append(a + borrow * 10 - b + UInt8(ascii: "0"))
        }
        return Array(result.reversed().drop { $0 == UInt8(ascii: "0") })
    }
}
