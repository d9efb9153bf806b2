import Foundation
import JWTKit

/// The JSON type of a claim, read through jwt-kit's own JSON decoder.
///
/// jwt-kit decodes payloads with `Codable`, so a claim declared `String` that holds a number
/// fails the whole payload as `JWTError.malformedToken`. The adapter decodes the claims a
/// profile constrains as `ClaimValue` instead, so that it can tell a wrongly typed claim
/// (`invalid-claim-type`) from a token that is not JSON at all (`malformed`).
public enum ClaimValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case string(String)
    case number
    case array
    case object

    public init(from decoder: any Decoder) throws {
        var lastError: (any Error)?
        if let single = try? decoder.singleValueContainer() {
            if single.decodeNil() { self = .null; return }
            do {
                self = .string(try single.decode(String.self))
                return
            } catch DecodingError.typeMismatch {
                // Not a string: try the other types.
            }
            if let value = try? single.decode(Bool.self) { self = .bool(value); return }
            // Any other error (a lone surrogate, invalid UTF-8) propagates: jwt-kit then reports the
            // payload as malformed, as it would for a claim declared `String`.
            do {
                _ = try single.decode(Double.self)
                self = .number
                return
            } catch DecodingError.typeMismatch {
            } catch {
                lastError = error  // a number Foundation cannot represent
            }
        }
        if (try? decoder.unkeyedContainer()) != nil { self = .array; return }
        if (try? decoder.container(keyedBy: AnyKey.self)) != nil { self = .object; return }
        throw lastError ?? DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a JSON value"))
    }

    /// "a string", "a number", …: for messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .string: "a string"
        case .number: "a number"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A NumericDate claim decoded with jwt-kit's claim type (`ExpirationClaim`, `NotBeforeClaim`,
/// `IssuedAtClaim`) and jwt-kit's default date strategy (`.secondsSince1970`), or the JSON type
/// it had when jwt-kit could not decode it.
///
/// jwt-kit decides what a valid NumericDate is; the adapter only keeps a value of another JSON
/// type apart from a malformed token, so that a string `iat` is reported as `invalid-claim-type`.
/// A number jwt-kit's decoder cannot represent still fails the payload (`malformed`).
public enum DateClaim<Claim: JWTUnixEpochClaim & Sendable>: Sendable, Decodable {
    /// jwt-kit decoded the claim.
    case valid(Claim)
    /// jwt-kit could not decode the claim; the JSON value had this type.
    case undecodable(ClaimValue)

    public init(from decoder: any Decoder) throws {
        do {
            self = .valid(try Claim(from: decoder))
        } catch {
            let value = try ClaimValue(from: decoder)
            guard value != .number else { throw error }
            self = .undecodable(value)
        }
    }
}

/// Any JSON member name.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == AnyKey {
    /// The member `name` when present, JSON `null` included (synthesized `Codable` would turn a
    /// `null` into an absent claim).
    func member<Value: Decodable>(_ name: String, as _: Value.Type = Value.self) throws -> Value? {
        let key = AnyKey(name)
        guard contains(key) else { return nil }
        return try decode(Value.self, forKey: key)
    }
}
