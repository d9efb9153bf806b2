import Foundation
import JWTConformance
import Testing
@testable import JWTConformanceCommand

/// `inspect` on the mistakes backend engineers make, one test per diagnosis family: each
/// checks the verdict, the rule and the fix the engineer reads.
@Suite("inspect: diagnoses")
struct InspectDiagnosisTests {
    @Test("iat in milliseconds: KUS-IAT-SECONDS and Math.floor(Date.now() / 1000)")
    func millisecondIssuedAt() async throws {
        let token = Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","iat":1700000000000}"#)
        let output = try await Doctor.inspect(token)
        #expect(output.status == .failures)
        #expect(output.stdout.contains("VERDICT: refused: issued-at-out-of-window"))
        #expect(output.stdout.contains("issued-at-out-of-window [decides the verdict]: KUS-IAT-SECONDS (must)"))
        #expect(output.stdout.contains("fix:    iat 1700000000000 is in milliseconds: use Math.floor(Date.now() / 1000)"))
        #expect(output.stdout.contains("where:  payload, member \"iat\", byte 23 of the decoded payload, token bytes 65–68"))
        #expect(output.stdout.contains("Read as milliseconds it is 2023-11-14T22:13:20Z"))
    }

    @Test("iat 16 min 40 s old: timing in human terms against Kustomer's 15 minutes")
    func oldIssuedAt() async throws {
        let token = Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","iat":1699999000}"#)
        let output = try await Doctor.inspect(token)
        #expect(output.status == .failures)
        #expect(output.stdout.contains("iat 1699999000 (2023-11-14T21:56:40Z) is 16 min 40 s before now; Kustomer Chat allows 15 min before or after"))
        #expect(output.stdout.contains("KUS-IAT-WINDOW (must)"))
        #expect(output.stdout.contains("fix:    the token is too old: mint a fresh token right before logIn"))
    }

    @Test("external_id as a number: SUN-ID-TYPE and send the string \"42\"")
    func numericExternalID() async throws {
        let token = Doctor.token(Doctor.sunshineHeader(), #"{"scope":"user","external_id":42}"#)
        let output = try await Doctor.inspect(token, arguments: ["--kid", "app_1"])
        #expect(output.status == .failures)
        #expect(output.stdout.contains("VERDICT: refused: invalid-claim-type"))
        #expect(output.stdout.contains("SUN-ID-TYPE (must)"))
        #expect(output.stdout.contains(#"fix:    external_id is the number 42: send the string "42""#))
        #expect(output.stdout.contains("source: 004_72221c0a125b0e0a.txt"))
    }

    @Test("missing kid: SUN-HDR-KID and keyid in jsonwebtoken's sign()")
    func missingKeyID() async throws {
        let token = Doctor.token(Doctor.kustomerHeader, #"{"scope":"user","external_id":"u-1"}"#)
        let output = try await Doctor.inspect(token, arguments: ["--profile", "sunshine", "--kid", "app_5de"])
        #expect(output.status == .failures)
        #expect(output.stdout.contains("VERDICT: refused: invalid-header"))
        #expect(output.stdout.contains("invalid-header [decides the verdict]: SUN-HDR-KID (must)"))
        #expect(output.stdout.contains("fix:    no kid: pass keyid: 'app_5de' to jsonwebtoken's sign()"))
    }

    @Test("signed with the base64-decoded secret: found, and JWS-HMAC-KEY-BYTES")
    func base64DecodedSecret() async throws {
        let decoded = try #require(TokenAnatomy.lenientDecode(Doctor.base64Secret))
        let token = Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","iat":1700000000}"#, key: decoded)
        let output = try await Doctor.inspect(token, secret: Doctor.base64Secret)
        #expect(output.status == .failures)
        #expect(output.stdout.contains("VERDICT: refused: bad-signature"))
        #expect(output.stdout.contains("JWS-HMAC-KEY-BYTES (must)"))
        #expect(output.stdout.contains("matches         the base64-decoded secret"))
        #expect(output.stdout.contains("does not match  the secret as given"))
        #expect(output.stdout.contains("fix:    signed with the base64-decoded secret: sign with the secret's text as given"))
    }

    @Test("signed with the secret and a trailing line break: found")
    func trailingNewlineSecret() async throws {
        let token = Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","iat":1700000000}"#, key: Array((Doctor.secret + "\n").utf8))
        let output = try await Doctor.inspect(token)
        #expect(output.status == .failures)
        #expect(output.stdout.contains("matches         the secret with a trailing line break added"))
        #expect(output.stdout.contains("fix:    signed with the secret followed by a line break (\\n): trim the secret"))
    }

    @Test("signed with another key of the set: the wrong kid is found, with AMB-SUN-KEY-SELECTION")
    func wrongKeyID() async throws {
        let keys = try Doctor.keySet(#"[{"kid":"app_1","secret":"first-secret-aaaaaaaaaaaaaaaa"},{"kid":"app_2","secret":"second-secret-bbbbbbbbbbbbbbbb"}]"#)
        let token = Doctor.token(Doctor.sunshineHeader(kid: "app_1"), #"{"scope":"user","external_id":"u-1"}"#, key: Array("second-secret-bbbbbbbbbbbbbbbb".utf8))
        let output = try await Doctor.inspect(token, secret: nil, arguments: ["--keys", keys])
        #expect(output.status == .failures)
        #expect(output.stdout.contains("VERDICT: refused: bad-signature"))
        #expect(output.stdout.contains(#"matches         another key of the set, kid "app_2""#))
        #expect(output.stdout.contains(#"fix:    signed with the secret of key "app_2": write kid "app_2" in the header"#))
        #expect(output.stdout.contains("AMB-SUN-KEY-SELECTION"))
        #expect(!output.all.contains("second-secret") && !output.all.contains("first-secret"))
    }

    @Test("an unknown kid: SUN-KEY-SELECT, and the key set's kid suggested")
    func unknownKeyID() async throws {
        let token = Doctor.token(Doctor.sunshineHeader(kid: "app_old"), #"{"scope":"user","external_id":"u-1"}"#)
        let output = try await Doctor.inspect(token, arguments: ["--kid", "app_new"])
        #expect(output.stdout.contains("VERDICT: refused: unknown-key"))
        #expect(output.stdout.contains("SUN-KEY-SELECT (must)"))
        #expect(output.stdout.contains(#"kid "app_old" names no key you gave: sign with keyid: 'app_new'"#))
    }

    @Test("a key set whose only key has no kid: unknown-key under Sunshine, as the verifier decides; one secret alone is the key the kid names")
    func kidlessKeySet() async throws {
        let token = Doctor.token(Doctor.sunshineHeader(kid: "app_1"), #"{"scope":"user","external_id":"u-1"}"#)
        let keys = try Doctor.keySet(#"[{"secret":"\#(Doctor.secret)"}]"#)
        let fromKeySet = try await Doctor.inspect(token, secret: nil, arguments: ["--keys", keys])
        #expect(fromKeySet.status == .failures)
        #expect(fromKeySet.stdout.contains("VERDICT: refused: unknown-key"))
        #expect(fromKeySet.stdout.contains("SUN-KEY-SELECT (must)"))
        #expect(fromKeySet.stdout.contains(#"kid "app_1" names no key: no key you gave has a kid"#))
        let alone = try await Doctor.inspect(token)
        #expect(alone.status == .success)
        #expect(alone.stdout.contains(#"no --kid given: the secret is taken to be the key the token's kid "app_1" names"#))
    }

    @Test("a Kustomer kid that is not a string: KUS-KEY, AMB-KUS-KID-TYPE, and leave kid out")
    func kustomerKeyIDType() async throws {
        let token = Doctor.token(#"{"alg":"HS256","typ":"JWT","kid":7}"#, #"{"externalId":"cust-1","iat":1700000000}"#)
        let output = try await Doctor.inspect(token, arguments: ["--profile", "kustomer"])
        #expect(output.stdout.contains("VERDICT: refused: invalid-header"))
        #expect(output.stdout.contains("invalid-header [decides the verdict]: KUS-KEY (must)"))
        #expect(output.stdout.contains("fix:    Kustomer Chat does not use kid: leave it out of the header"))
        #expect(output.stdout.contains("AMB-KUS-KID-TYPE"))
    }

    @Test("a header in another encoding: a byte order mark is AMB-JSON-BOM, UTF-16 is JWS-JSON-UTF8")
    func headerEncodings() async throws {
        let payload = Base64URL.encode(Array(#"{"externalId":"cust-1","iat":1700000000}"#.utf8))
        func inspect(_ header: [UInt8]) async throws -> String {
            let token = CompactJWS.sign(headerSegment: Base64URL.encode(header), payloadSegment: payload, key: Array(Doctor.secret.utf8))
            return try await Doctor.inspect(token, arguments: ["--profile", "kustomer"]).stdout
        }
        let text = Doctor.kustomerHeader
        let marked = try await inspect([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(marked.contains("VERDICT: refused: malformed"))
        #expect(marked.contains("AMB-JSON-BOM"))
        let wide = try await inspect(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(wide.contains("malformed [decides the verdict]: JWS-JSON-UTF8 (must)"))
        #expect(!wide.contains("AMB-JSON-BOM"))
    }

    @Test("text around the token is JWS-COMPACT-SEGMENTS; an empty payload segment too")
    func textAroundTheToken() async throws {
        let token = Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","iat":1700000000}"#)
        for wrapped in ["\"\(token)\"", "jwt=\(token)", token + "\t"] {
            let output = try await Doctor.inspect(wrapped)
            #expect(output.stdout.contains("malformed [decides the verdict]: JWS-COMPACT-SEGMENTS (must)"), "\(wrapped.prefix(4))")
        }
        let parts = token.split(separator: ".")
        let empty = try await Doctor.inspect("\(parts[0])..\(parts[2])")
        #expect(empty.stdout.contains("malformed [decides the verdict]: JWS-COMPACT-SEGMENTS (must)"))
    }

    @Test("signed with HS512: algorithm-not-allowed, and the signature is found to be HS512")
    func hs512() async throws {
        let header = #"{"alg":"HS512","typ":"JWT"}"#, payload = #"{"externalId":"cust-1","iat":1700000000}"#
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let mac = SHA512Family.hmac(Array(input.utf8), key: Array(Doctor.secret.utf8), variant: .sha512)
        let output = try await Doctor.inspect(input + "." + Base64URL.encode(mac))
        #expect(output.status == .failures)
        #expect(output.stdout.contains("VERDICT: refused: algorithm-not-allowed"))
        #expect(output.stdout.contains("KUS-HDR-ALG (must)"))
        #expect(output.stdout.contains("matches         the secret as given with HS512"))
        #expect(output.stdout.contains("fix:    the token is signed with HS512: pass { algorithm: 'HS256' } to jsonwebtoken's sign()"))
    }

    @Test("a padded header segment: malformed at its byte offset, still shown decoded")
    func paddedSegment() async throws {
        let header = Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8)) + "="
        let payload = Base64URL.encode(Array(#"{"externalId":"cust-1","iat":1700000000}"#.utf8))
        let token = CompactJWS.sign(headerSegment: header, payloadSegment: payload, key: Array(Doctor.secret.utf8))
        let output = try await Doctor.inspect(token)
        #expect(output.status == .failures)
        #expect(output.stdout.contains("VERDICT: refused: malformed"))
        #expect(output.stdout.contains("JWS-BASE64URL-STRICT (must)"))
        #expect(output.stdout.contains("where:  header, token byte \(header.utf8.count - 1)"))
        #expect(output.stdout.contains("the header segment ends in '=' padding"))
        #expect(output.stdout.contains(#""alg": "HS256""#), "the header is shown after undoing the padding")
    }

    @Test("a signature over re-encoded segments: found")
    func reencodedSegments() async throws {
        let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode(Array(#"{"externalId":"cust-1","iat":1700000000}"#.utf8))
        func padded(_ text: String) -> String { text + String(repeating: "=", count: (4 - text.utf8.count % 4) % 4) }
        #expect(padded(header) != header || padded(payload) != payload)
        let signed = CompactJWS.sign(headerSegment: padded(header), payloadSegment: padded(payload), key: Array(Doctor.secret.utf8))
        let signature = try #require(signed.split(separator: ".").last)
        let output = try await Doctor.inspect("\(header).\(payload).\(signature)")
        #expect(output.stdout.contains("matches         the secret as given over the header and payload with '=' padding"))
        #expect(output.stdout.contains("sign the base64url segments exactly as you send them"))
    }

    @Test("accepted: the customer, and why email wins over externalId")
    func acceptedWithPrecedence() async throws {
        let token = Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","email":"ann@example.com","iat":1699999990}"#)
        let output = try await Doctor.inspect(token)
        #expect(output.status == .success)
        #expect(output.stdout.contains(#"VERDICT: accepted: Kustomer Chat would log in email "ann@example.com""#))
        #expect(output.stdout.contains(#"why: "email" wins over "externalId" (precedence: email, then externalId)"#))
        #expect(output.stdout.contains("SIGNATURE: matches the secret as given"))
        #expect(!output.stdout.contains("VIOLATIONS"))
    }

    @Test("every violation is listed, not only the first")
    func everyViolation() async throws {
        let token = Doctor.token(Doctor.sunshineHeader(), #"{"external_id":42,"exp":1699999000}"#, key: Array("wrong".utf8))
        let output = try await Doctor.inspect(token, arguments: ["--kid", "app_1"])
        #expect(output.stdout.contains("VIOLATIONS (4)"))
        for rule in ["JWS-SIGNATURE", "SUN-ID-TYPE", "SUN-SCOPE", "SUN-EXP"] {
            #expect(output.stdout.contains(rule), "\(rule)")
        }
        #expect(output.stdout.contains("VERDICT: refused: bad-signature"))
    }

    @Test("the header and payload are shown byte for byte: order, escapes and number literals kept")
    func faithfulLayout() async throws {
        let payload = #"{"iat":1.7e9, "externalId":"caf\u00e9\/x","z":[1,{"a":null}],"e":{},"externalId":"last"}"#
        let token = Doctor.token(Doctor.kustomerHeader, payload)
        let output = try await Doctor.inspect(token, arguments: ["--format", "json"])
        let json = try output.json()
        let text = try #require(json["segments"]?.arrayValue?[1]["text"]?.stringValue)
        #expect(text == """
            {
              "iat": 1.7e9,
              "externalId": "caf\\u00e9\\/x",
              "z": [
                1,
                {
                  "a": null
                }
              ],
              "e": {},
              "externalId": "last"
            }
            """)
        #expect(json["verdict"]?["reason"] == "malformed", "duplicate members are refused")
    }
}
