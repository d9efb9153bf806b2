import JWTConformance
import JWTAmbiguities
import JWTFuzzing
import Testing

@Suite struct FuzzOracleTests {
    let secret = "kustomer-test-secret-5a3f9c0e1b7d2468ace0"
    let now: UnixTime = 1_700_000_000

    func judge(header: String, payload: String, profile: ProfileID = "kustomer", keys: [VerificationKey]? = nil) throws -> Judgement {
        let definition = try #require(Fixtures.corpus.profiles[profile])
        let keys = keys ?? [VerificationKey(secret: secret)]
        let token = CompactJWS.sign(headerJSON: header, payloadJSON: payload, key: Array(keys[0].secret.utf8))
        return FuzzOracle(profile: definition, corpus: Fixtures.corpus).judge(token: token, keys: keys, now: now)
    }

    @Test func aValidTokenMustBeAccepted() throws {
        let judgement = try judge(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: #"{"externalId":"u1","iat":1700000000}"#)
        guard case .judged(.accept(let identity), _, "accept") = judgement else { Issue.record("\(judgement)"); return }
        #expect(identity == Identity(kind: .externalId, value: "u1"))
    }

    @Test func aMissingTypIsJudgedWithBothReadings() throws {
        let judgement = try judge(header: #"{"alg":"HS256"}"#, payload: #"{"externalId":"u1","iat":1700000000}"#)
        guard case .judged(.acceptable("AMB-KUS-TYP-REQUIRED", let identity, let reasons), _, _) = judgement else { Issue.record("\(judgement)"); return }
        #expect(identity?.value == "u1")
        #expect(reasons == [.invalidHeader])
    }

    @Test func aRejectionMayNameAnyDefectButNoOther() throws {
        let judgement = try judge(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: #"{"externalId":"","iat":1600000000}"#)
        guard case .judged(.reject(let reason, let alternatives), let rules, "identity") = judgement else { Issue.record("\(judgement)"); return }
        #expect(reason == .invalidClaimValue)
        #expect(Set(alternatives) == [.issuedAtOutOfWindow])
        #expect(rules.contains("KUS-ID-TYPE") && rules.contains("KUS-IAT-WINDOW"))
    }

    @Test func readingsThatChangeTheTokenAreNotJudged() throws {
        let cases: [(String, String, String)] = [
            (#"{"alg":"HS256","typ":"JWT"}"#, #"{"externalId":"a","externalId":"b","iat":1700000000}"#, "AMB-DUPLICATE-MEMBERS"),
            (#"{"alg":"HS256","typ":"JWT"}"#, #"{"externalId":"a","iat":"1700000000"}"#, "AMB-NUMERICDATE-STRING"),
            (#"{"alg":"HS256","typ":"JWT"}"#, #"{"externalId":"a","iat":1700000000.5}"#, "AMB-NUMERICDATE-FRACTION"),
            (#"{"alg":"HS256","typ":"JWT"}"#, #"{"externalId":"a","iat":1.7e9}"#, "AMB-NUMERICDATE-FRACTION"),
            (#"{"alg":"HS256","typ":"JWT"}"#, #"{"externalId":"a","iat":1700000000,"exp":1e300}"#, "AMB-NUMERICDATE-RANGE"),
            (#"{"alg":"HS256","typ":"JWT"}"#, #"{"externalId":42,"iat":1700000000}"#, "AMB-KUS-EXTERNALID-NUMBER"),
            (#"{"alg":"HS256","typ":"JWT"}"#, #"{"email":"a@b","externalId":"","iat":1700000000}"#, "AMB-KUS-SHADOWED-EXTERNALID"),
            (#"{"alg":"HS256","typ":"JWT"}"#, #"{"externalId":"a","email":"","iat":1700000000}"#, "AMB-KUS-EMAIL-FALLBACK"),
        ]
        for (header, payload, ambiguity) in cases {
            let judgement = try judge(header: header, payload: payload)
            #expect(judgement == .unjudged(ambiguity: ambiguity), "\(payload)")
        }
        let twoSecrets = [VerificationKey(secret: secret), VerificationKey(secret: "another-secret-0123456789")]
        #expect(try judge(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: #"{"externalId":"a","iat":1700000000}"#, keys: twoSecrets)
            == .unjudged(ambiguity: FuzzOracle.severalSecrets))
    }

    @Test func aTokenThatDoesNotDecodeMustBeRejectedForAnyReason() throws {
        let judgement = try judge(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: #"{"externalId":"u1","iat":1700000000,}"#)
        guard case .judged(.reject(.malformed, let alternatives), _, "json") = judgement else { Issue.record("\(judgement)"); return }
        #expect(Set(alternatives) == Set(RejectionReason.allCases).subtracting([.malformed]))
    }

    @Test func aNullExpOrNbfIsInvalidClaimTypeOnlyButANullIdentityMayBeMissing() throws {
        for claim in ["exp", "nbf"] {
            let judgement = try judge(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: #"{"externalId":"u1","iat":1700000000,"\#(claim)":null}"#)
            #expect(judgement == .judged(.reject(reason: .invalidClaimType, alternatives: []), rules: [claim == "exp" ? "JWT-EXP" : "JWT-NBF"], check: claim == "exp" ? "expiration" : "notBefore"))
        }
        let judgement = try judge(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: #"{"externalId":null,"iat":1700000000}"#)
        guard case .judged(.reject(.invalidClaimType, let alternatives), _, _) = judgement else { Issue.record("\(judgement)"); return }
        #expect(alternatives == [.missingClaim])
    }

    /// The fuzzer judges each case without citing rules, and cites them only for a finding: the
    /// expectation and the decisive check must not depend on it.
    @Test func judgingWithoutRulesGivesTheSameExpectationAndCheck() throws {
        var inputs: [(ProfileID, String, [VerificationKey], UnixTime)] = Fixtures.corpus.vectors.compactMap { vector in
            guard case .verification(let test) = vector.body else { return nil }
            return (vector.profile, test.token, test.keys, test.now)
        }
        for seed: UInt64 in [3, 5] {
            inputs += try MutatorTests.mutatedOnce(seed: seed, cases: 400).map { ($0.profile, $0.token, $0.keys, $0.now) }
        }
        var cited = 0
        for (profile, token, keys, now) in inputs {
            let oracle = FuzzOracle(profile: try #require(Fixtures.corpus.profiles[profile]), corpus: Fixtures.corpus)
            let full = oracle.judge(token: token, keys: keys, now: now)
            let uncited = oracle.judge(token: token, keys: keys, now: now, citingRules: false)
            if case .judged(let expectation, let rules, let check) = full {
                if !rules.isEmpty { cited += 1 }
                #expect(uncited == .judged(expectation, rules: [], check: check), "\(token)")
            } else {
                #expect(uncited == full, "\(token)")
            }
        }
        #expect(cited > 3_000)
    }

    /// Two keys whose `kid`s have the same UTF-8 bytes are not judged; `kid`s equal only as
    /// Swift strings (`é` composed and decomposed) are two keys.
    @Test func keysSharingAKeyIDAreNotJudged() throws {
        let payload = #"{"external_id":"a","iat":1700000000}"#
        func judgement(_ kids: [String]) throws -> Judgement {
            let keys = kids.enumerated().map { VerificationKey(kid: $1, secret: "secret-\($0)-0123456789abcdef") }
            return try judge(header: #"{"alg":"HS256","typ":"JWT","kid":"\#(kids[0])"}"#, payload: payload, profile: "sunshine", keys: keys)
        }
        #expect(try judgement(["a", "b", "a"]) == .unjudged(ambiguity: FuzzOracle.sharedKeyID))
        #expect(try judgement(["b", "a", "a"]) == .unjudged(ambiguity: FuzzOracle.sharedKeyID))
        #expect(try judgement(["a", "b", "c"]) != .unjudged(ambiguity: FuzzOracle.sharedKeyID))
        #expect(try judgement(["\u{E9}", "e\u{301}"]) != .unjudged(ambiguity: FuzzOracle.sharedKeyID))
    }

    /// Every verdict a corpus vector allows, the fuzzer's judgement of its token allows too: the
    /// fuzzer never raises an alarm the corpus would not.
    @Test func theJudgementOfEveryCorpusTokenAllowsWhatItsVectorAllows() throws {
        var judged = 0
        for vector in Fixtures.corpus.vectors {
            guard case .verification(let test) = vector.body, let definition = Fixtures.corpus.profiles[vector.profile] else { continue }
            let judgement = FuzzOracle(profile: definition, corpus: Fixtures.corpus).judge(token: test.token, keys: test.keys, now: test.now)
            guard case .judged(let fuzzed, _, _) = judgement else { continue }
            judged += 1
            let allowed: [Verdict] = switch test.expected {
            case .accept(let identity): [.accept(identity)]
            case .reject(let reason, let alternatives): ([reason] + alternatives).map { .reject($0) }
            case .acceptable(_, let identity, let reasons): (identity.map { [Verdict.accept($0)] } ?? []) + reasons.map { .reject($0) }
            }
            for verdict in allowed {
                #expect(VerdictJudge().failure(of: verdict, against: fuzzed) == nil, "\(vector.id): \(verdict) allowed by the vector, not by \(fuzzed)")
            }
        }
        #expect(judged > 1_500)
    }
}

/// `Seconds.isBeyondInt64`, which tells AMB-NUMERICDATE-RANGE from AMB-NUMERICDATE-FRACTION by
/// the exact value of a literal, never by its nearest `Double`.
@Suite struct BeyondInt64Tests {
    @Test(arguments: [
        ("9223372036854775807", false), ("9223372036854775808", true), ("-9223372036854775808", false),
        ("-9223372036854775809", true), ("9.223372036854775807e18", false), ("9.223372036854775808e18", true),
        ("9223372036854775807.5", true), ("-9223372036854775808.5", true), ("9223372036854775806.5", false),
        ("1E19", true), ("1e18", false), ("922337203685477580.7e1", false), ("0", false), ("-0.5", false),
        ("1e-400", false), ("1e400", true), ("-1e400", true), ("1e99999999999999999999", true),
        ("1e-99999999999999999999", false), ("1700000000", false),
    ])
    func theExactValueDecides(literal: String, beyond: Bool) throws {
        let number = try #require(JSONNumber(text: literal))
        #expect(Seconds.isBeyondInt64(number) == beyond, "\(literal)")
    }
}

/// `NumberLimits.isBeyond`, the shape of AMB-RESOURCE-LIMITS' number reading: an integer literal
/// outside 64 bits, or a number a double rounds to infinity or, when it is not zero, to zero.
@Suite struct NumberLimitsTests {
    @Test(arguments: [
        ("9223372036854775807", false), ("9223372036854775808", true), ("-9223372036854775808", false),
        ("-9223372036854775809", true), ("18446744073709551616", true), ("9.3e18", false), ("1E19", false),
        ("1.7976931348623157e308", false), ("1.7976931348623158e308", false), ("1.797693134862315808e308", true),
        ("1e400", true), ("-1e400", true), ("1e99999999999999999999", true), ("5e-324", false),
        ("2.4703282292062328e-324", false), ("2.4703282292062327e-324", true), ("1e-400", true), ("-1e-400", true),
        ("0e400", false), ("0.0e-400", false), ("-0", false), ("0", false), ("1700000000", false),
    ])
    func aDoubleOrA64BitIntegerDecides(literal: String, beyond: Bool) throws {
        let number = try #require(JSONNumber(text: literal))
        #expect(NumberLimits.isBeyond(number) == beyond, "\(literal)")
    }

    @Test func aNumberIsFoundAtAnyDepth() throws {
        let nested = try JSONParser.parse(#"{"a":[1,{"b":[2,1e400]}]}"#)
        #expect(NumberLimits.holdsNumberBeyond(nested))
        #expect(!NumberLimits.holdsNumberBeyond(try JSONParser.parse(#"{"a":[1,{"b":[2,1e300,"1e400"]}]}"#)))
    }
}
