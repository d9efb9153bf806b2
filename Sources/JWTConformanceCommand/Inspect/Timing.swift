import Foundation
import JWTAmbiguities
import JWTConformance

/// The token's times (`iat`, `exp`, `nbf`) against the clock, in human terms:
/// "iat is 16 min 40 s before now; Kustomer Chat allows 15 min".
struct TimingLine {
    /// `iat`, `exp` or `nbf`.
    var claim: String
    /// The literal value.
    var value: String
    /// The value as a UTC date, when it is a date of years 1 to 9999.
    var date: String?
    /// The value minus now, in seconds, when both fit in 64 bits.
    var secondsFromNow: Int64?
    /// The sentence.
    var sentence: String

    /// The lines for every NumericDate claim the payload has as a number.
    static func lines(payload: JSONObject?, profile: ProfileDefinition, now: UnixTime) -> [TimingLine] {
        ["iat", "exp", "nbf"].compactMap { claim in
            guard case .number(let number)? = payload?[claim] else { return nil }
            return line(claim, number, profile: profile, now: now)
        }
    }

    private static func line(_ claim: String, _ number: JSONNumber, profile: ProfileDefinition, now: UnixTime) -> TimingLine {
        let vendor = profile.vendorName
        guard let seconds = Seconds.whole(number) else {
            return TimingLine(
                claim: claim, value: number.text, date: nil, secondsFromNow: nil,
                sentence: "\(claim) \(number.text) is not a whole number of seconds that fits in 64 bits")
        }
        let (delta, overflow) = seconds.subtractingReportingOverflow(now)
        let date = Self.date(seconds)
        let datePart = date.map { " (\($0))" } ?? ""
        guard !overflow else {
            return TimingLine(claim: claim, value: number.text, date: date, secondsFromNow: nil,
                              sentence: "\(claim) \(number.text)\(datePart) is further from now than 64 bits of seconds reach")
        }
        let relative = delta == 0 ? "exactly now" : "\(duration(delta.magnitude)) \(delta < 0 ? "before" : "after") now"
        var sentence = "\(claim) \(number.text)\(datePart) is \(relative)"
        switch claim {
        case "iat":
            if let rule = profile.issuedAt {
                sentence += "; \(vendor) allows \(duration(UInt64(max(rule.maximumAge, 0)))) before"
                sentence += rule.maximumFutureSkew == rule.maximumAge ? " or after" : " and \(duration(UInt64(max(rule.maximumFutureSkew, 0)))) after"
            } else {
                sentence += "; \(vendor) sets no rule for iat"
            }
            if looksLikeMilliseconds(seconds, now: now), let asSeconds = Self.date(seconds / 1000) {
                sentence += ". Read as milliseconds it is \(asSeconds)"
            }
        case "exp" where profile.expiration.honoured:
            sentence += delta <= 0 ? ": the token has expired" : ": the token expires in \(duration(delta.magnitude))"
        case "nbf" where profile.notBefore.honoured:
            sentence += delta > 0 ? ": the token is not valid for \(duration(delta.magnitude)) more" : ": the token is already valid"
        default:
            sentence += "; \(vendor) ignores \(claim)"
        }
        return TimingLine(claim: claim, value: number.text, date: date, secondsFromNow: delta, sentence: sentence)
    }

    /// Whether a seconds value is plausibly a millisecond timestamp: later than the year 5000
    /// and, divided by 1000, within ten years of now.
    static func looksLikeMilliseconds(_ value: Int64, now: UnixTime) -> Bool {
        guard value > 95_617_584_000, let distance = Seconds.difference(value / 1000, now) else { return false }
        return distance.magnitude < 10 * 31_556_952
    }

    /// `2023-11-14T22:13:20Z`, for years 1 to 9999.
    static func date(_ seconds: Int64) -> String? {
        guard (-62_135_596_800...253_402_300_799).contains(seconds) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// `16 min 40 s`, `2 h 5 min`, `3 days 4 h`, `53838 years`.
    static func duration(_ seconds: UInt64) -> String {
        func part(_ value: UInt64, _ unit: String) -> String { "\(value) \(unit)" }
        func plural(_ value: UInt64, _ unit: String) -> String { "\(value) \(unit)\(value == 1 ? "" : "s")" }
        switch seconds {
        case ..<60: return part(seconds, "s")
        case ..<3600:
            let rest = seconds % 60
            return part(seconds / 60, "min") + (rest == 0 ? "" : " " + part(rest, "s"))
        case ..<86_400:
            let rest = seconds % 3600 / 60
            return part(seconds / 3600, "h") + (rest == 0 ? "" : " " + part(rest, "min"))
        case ..<(2 * 31_556_952):
            let rest = seconds % 86_400 / 3600
            return plural(seconds / 86_400, "day") + (rest == 0 ? "" : " " + part(rest, "h"))
        default:
            return plural(seconds / 31_556_952, "year")
        }
    }
}
