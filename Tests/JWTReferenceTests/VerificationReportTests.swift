import JWTReference
import Testing

/// What the report exposes beyond the verdict, for tools that explain it: the member at fault,
/// the identity a refused token names, and the verdict without some checks.
@Suite("Verification report details")
struct VerificationReportTests {
    @Test func violationsNameTheMemberAtFault() {
        let token = Fixtures.kustomerToken { h, p in
            h["typ"] = "JWS"
            p["externalId"] = 42
            p["iat"] = Fixtures.number(offset: -5000)
        }
        let report = Fixtures.verifyKustomer(token)
        #expect(report.violations.map(\.member) == ["typ", "externalId", "iat"])
        let sunshine = Fixtures.verifySunshine(Fixtures.sunshineToken { h, p in
            h["kid"] = nil
            p["scope"] = "appUser"
        })
        #expect(sunshine.violations.map(\.member) == ["kid", "kid", "scope"])
        #expect(Fixtures.verifyKustomer("a.b").violations.map(\.member) == [nil])
    }

    @Test func aRefusedTokenStillNamesItsIdentity() {
        let token = Fixtures.kustomerToken(secret: "wrong") { _, p in p["email"] = "ann@example.com" }
        let report = Fixtures.verifyKustomer(token)
        #expect(report.verdict == .reject(.badSignature))
        #expect(report.identity == nil)
        #expect(report.namedIdentity == .email("ann@example.com"))
    }

    @Test func excludingAChecksDecidesTheVerdictAgain() {
        let token = Fixtures.kustomerToken(secret: "wrong")
        let report = Fixtures.verifyKustomer(token)
        #expect(report.verdict == .reject(.badSignature))
        let unsigned = report.excluding([.signature])
        #expect(unsigned.verdict == .accept(.externalId("user-1")))
        #expect(unsigned.violations.isEmpty)
        let expired = Fixtures.kustomerToken(secret: "wrong") { _, p in p["exp"] = Fixtures.number(offset: -1) }
        #expect(Fixtures.verifyKustomer(expired).excluding([.signature]).verdict == .reject(.expired))
        let both = Fixtures.verifyKustomer(Fixtures.kustomerToken(secret: "wrong") { h, p in
            p["exp"] = Fixtures.number(offset: -1)
            h["alg"] = "HS384"
        })
        #expect(both.violations.map(\.reason) == [.algorithmNotAllowed, .badSignature, .expired])
        #expect(VerificationReport.decisiveIndex(in: Array(both.violations.reversed())) == 2)
        #expect(VerificationReport.decisiveIndex(in: []) == nil)
    }
}

/// SHA-384, SHA-512 and their HMACs, moved from the generator into the library.
@Suite("SHA-384 and SHA-512")
struct SHA512Tests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    @Test func knownAnswers() {
        #expect(SHA512Family.selfTest())
        #expect(hex(SHA512Family.hash([], variant: .sha512)).hasPrefix("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"))
        #expect(hex(SHA512Family.hash([], variant: .sha384)).hasPrefix("38b060a751ac96384cd9327eb1b1e36a21fdb71114be0743"))
        let long = [UInt8](repeating: 0x61, count: 1000)
        #expect(SHA512Family.hmac(long, key: long, variant: .sha512).count == 64)
        #expect(SHA512Family.hmac([], key: [], variant: .sha384).count == 48)
    }
}
