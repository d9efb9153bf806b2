import JWTConformance

/// The limits RFC 8259 §9 lets a JSON parser set on the range and precision of numbers, drawn
/// where the common parsers draw them (AMB-RESOURCE-LIMITS): integer literals as 64-bit integers,
/// other numbers as IEEE 754 doubles. A token holding a number beyond them may be refused as
/// malformed; one within them must be read.
public enum NumberLimits {
    /// Whether such a parser cannot represent `number`: an integer literal outside `Int64`, a
    /// number whose magnitude rounds to infinity, or a non-zero number that rounds to zero.
    ///
    /// `9223372036854775808`, `1e400` and `1e-400` are beyond; `9223372036854775807`,
    /// `1.7976931348623157e308`, `5e-324` and `0e400` are not.
    public static func isBeyond(_ number: JSONNumber) -> Bool {
        if number.isInteger { return number.int64Value == nil }
        let value = number.doubleValue
        return value.isInfinite || (value == 0 && !number.decimalValue.digits.isEmpty)
    }

    /// Whether `value` holds a number beyond the limits, at any depth.
    public static func holdsNumberBeyond(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let number): isBeyond(number)
        case .array(let elements): elements.contains(where: holdsNumberBeyond)
        case .object(let object): object.members.contains { holdsNumberBeyond($0.value) }
        case .null, .bool, .string: false
        }
    }
}
