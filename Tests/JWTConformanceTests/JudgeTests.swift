import JWTConformance
import Testing

/// The judges must tell a wrong verdict from a reason mismatch from a wrong identity.
@Suite("Verdict judge")
struct VerdictJudgeTests {
    static let alice = Identity.email("alice@example.com")
    static let bob = Identity.externalId("bob")

    @Test func acceptMatchingIdentityPasses() {
        #expect(VerdictJudge().failure(of: .accept(Self.alice), against: .accept(Self.alice)) == nil)
    }

    @Test func acceptOtherIdentityIsWrongIdentity() {
        #expect(VerdictJudge().failure(of: .accept(Self.bob), against: .accept(Self.alice))?.kind == .wrongIdentity)
    }

    /// Identities are compared byte for byte: a verifier that normalises "José" (precomposed)
    /// into "José" (decomposed) names another customer.
    @Test func canonicallyEquivalentIdentitiesAreDifferentCustomers() {
        let precomposed = Identity.externalId("Jos\u{E9}")
        let decomposed = Identity.externalId("Jose\u{301}")
        #expect(precomposed != decomposed)
        #expect(Set([precomposed, decomposed]).count == 2)
        #expect(VerdictJudge().failure(of: .accept(decomposed), against: .accept(precomposed))?.kind == .wrongIdentity)
        let either = VerificationExpectation.acceptable(ambiguity: "AMB-X", identity: precomposed, reasons: [])
        #expect(VerdictJudge().failure(of: .accept(decomposed), against: either)?.kind == .wrongIdentity)
    }

    @Test func rejectWhereAcceptIsExpectedIsWrongVerdict() {
        #expect(VerdictJudge().failure(of: .reject(.expired), against: .accept(Self.alice))?.kind == .wrongVerdict)
    }

    @Test func acceptWhereRejectIsExpectedIsWrongVerdict() {
        let expected = VerificationExpectation.reject(reason: .badSignature, alternatives: [])
        #expect(VerdictJudge().failure(of: .accept(Self.alice), against: expected)?.kind == .wrongVerdict)
    }

    @Test(arguments: [
        (RejectionReason?.some(.badSignature), Failure.Kind?.none),
        (.some(.malformed), .none),
        (.none, .none),
        (.some(.expired), .some(.reasonMismatch)),
    ])
    func rejectionReasons(actual: RejectionReason?, failure: Failure.Kind?) {
        let expected = VerificationExpectation.reject(reason: .badSignature, alternatives: [.malformed])
        #expect(VerdictJudge().failure(of: .reject(actual), against: expected)?.kind == failure)
    }

    @Test func acceptableConstrainsBothVerdicts() {
        let expected = VerificationExpectation.acceptable(ambiguity: "AMB-X", identity: Self.alice, reasons: [.invalidClaimValue])
        #expect(VerdictJudge().failure(of: .accept(Self.alice), against: expected) == nil)
        #expect(VerdictJudge().failure(of: .reject(.invalidClaimValue), against: expected) == nil)
        #expect(VerdictJudge().failure(of: .reject(nil), against: expected) == nil)
        #expect(VerdictJudge().failure(of: .accept(Self.bob), against: expected)?.kind == .wrongIdentity)
        #expect(VerdictJudge().failure(of: .reject(.expired), against: expected)?.kind == .reasonMismatch)
    }
}

/// The signer judge compares claims by JSON value: exact numbers, exact strings.
@Suite("Signed token judge")
struct SignedTokenJudgeTests {
    static let key = VerificationKey(secret: "kustomer-test-secret-5a3f9c0e1b7d2468ace0")
    static let signing = SigningCase(
        subject: Subject(externalId: "12345"), key: key, now: 1_700_000_000, lifetime: nil,
        expected: SigningExpectation(
            header: ["alg": "HS256", "typ": "JWT"], claims: ["externalId": "12345", "iat": 1_700_000_000],
            identity: .externalId("12345")))

    static func problems(iat literal: String) throws -> [String] {
        let kustomer = try #require(try Corpus.bundledProfiles()["kustomer"])
        let iat = JSONValue.number(try #require(JSONNumber(text: literal)))
        let token = CompactJWS.encode(
            header: ["alg": "HS256", "typ": "JWT"], payload: ["externalId": "12345", "iat": iat], key: key.keyBytes)
        return SignedTokenJudge(profile: kustomer).problems(with: token, for: signing)
    }

    /// KUS-SGN-TIME asks for a JSON number of whole seconds: another spelling of the same value
    /// passes, a value a fraction of a second off does not, however small the fraction.
    @Test(arguments: [
        ("1700000000", true), ("1700000000.0000001", false), ("1.7000000000000001e9", false), ("1699999999.9999999", false),
        ("1700000001", false), ("17000000000000000001e-10", false),
    ])
    func iatIsComparedByExactValue(literal: String, conforms: Bool) throws {
        let problems = try Self.problems(iat: literal)
        #expect(problems.isEmpty == conforms, "iat \(literal): \(problems)")
    }

    /// The same value written with a fraction or an exponent is a problem of its own: the signer
    /// rules ask for an integer, since verifiers may refuse other spellings.
    @Test(arguments: ["1700000000.0", "1.7e9", "17E+8", "170000000000e-2"])
    func iatIsWrittenAsAnInteger(literal: String) throws {
        let problems = try Self.problems(iat: literal)
        #expect(problems.count == 1, "iat \(literal): \(problems)")
        #expect(problems.first?.contains("integer") == true)
    }
}

@Suite("Known failures")
struct KnownFailuresTests {
    @Test func parsesIDsReasonsAndComments() throws {
        let list = try KnownFailures(parsing: "# heading\nKUS-TIM-001  accepts 900 s\n\n  \t# indented comment\nSUN-HDR-002\tno kid check \n", file: "k.txt")
        #expect(list.reasons == ["KUS-TIM-001": "accepts 900 s", "SUN-HDR-002": "no kid check"])
        #expect(try KnownFailures(parsing: list.rendered(heading: "x"), file: "k.txt") == list)
    }

    /// Only a line that starts with `#` (after spaces and tabs) is a comment: a `#` inside a
    /// reason is kept, and the list round-trips through its rendering.
    @Test func aHashInsideAReasonIsKept() throws {
        let text = "# PyJWT\nKUS-CLM-014  keeps the first value (issue #1017)\nKUS-CLM-015 \t#2: see x5t#S256 \nKUS-CLM-016  ends with #\n"
        let list = try KnownFailures(parsing: text, file: "k.txt")
        #expect(list.reasons == [
            "KUS-CLM-014": "keeps the first value (issue #1017)", "KUS-CLM-015": "#2: see x5t#S256", "KUS-CLM-016": "ends with #",
        ])
        #expect(try KnownFailures(parsing: list.rendered(heading: "PyJWT # 2.15"), file: "k.txt") == list)
    }

    /// Lines end at LF or CRLF, so a list saved with Windows line endings reads the same.
    @Test func crlfLinesReadLikeLFLines() throws {
        let lf = "# heading\nKUS-TIM-001  accepts 900 s\nSUN-HDR-002  no kid check\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try KnownFailures(parsing: crlf, file: "k.txt") == KnownFailures(parsing: lf, file: "k.txt"))
        #expect(try KnownFailures(parsing: crlf, file: "k.txt").reasons.count == 2)
    }

    @Test func anEntryWithoutReasonNamesTheLine() throws {
        #expect {
            try KnownFailures(parsing: "KUS-TIM-001  ok\nKUS-TIM-002\n", file: "k.txt")
        } throws: { error in
            let errors = (error as? DataFileErrors)?.errors ?? []
            return errors.count == 1 && errors[0].line == 2 && errors[0].path == nil && errors[0].file == "k.txt"
        }
    }
}
