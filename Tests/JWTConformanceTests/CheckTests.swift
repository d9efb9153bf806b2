import JWTConformance
import JWTConformanceTesting
import Foundation
import Testing

/// `check(_:against:)` records its issue at the caller's source location, with the vector id
/// and expected versus actual in the message, and honours known failures.
@Suite("Swift Testing check")
struct CheckTests {
    struct AcceptEveryone: TokenVerifier {
        func verify(_ request: VerificationRequest) async throws -> Verdict { .accept(.externalId("anyone")) }
    }

    static func fixture() throws -> (Corpus, ConformanceVector, Implementation) {
        let corpus = try Corpus.bundled(environment: [:])
        let vector = try #require(corpus.vectors.first { vector in
            guard case .verification(let verification) = vector.body,
                  case .reject = verification.expected else { return false }
            return true
        })
        let implementation = Implementation(
            metadata: .init(name: "accept-everyone", version: "0", language: "Swift"),
            profiles: Set(corpus.profiles.keys), verifier: AcceptEveryone())
        return (corpus, vector, implementation)
    }

    @Test func theIssueIsRecordedAtTheCallersLocation() async throws {
        let (corpus, vector, implementation) = try Self.fixture()
        let recorded = RecordedIssues()
        var callLine = 0
        await withKnownIssue {
            callLine = await checkWithoutTestingImport(vector, against: implementation, profiles: corpus.profiles).line
        } matching: { issue in
            recorded.append(issue)
            return true
        }
        let issues = recorded.all
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.location?.fileName == "CallerWithoutTestingImport.swift")
        #expect(issue.location?.line == callLine)
        #expect(issue.text.contains(vector.id.rawValue))
        #expect(issue.text.contains("wrong-verdict"))
    }

    @Test func aKnownFailureIsExpectedAndReturnsTheResult() async throws {
        let (corpus, vector, implementation) = try Self.fixture()
        let listed = KnownFailures(reasons: [vector.id: "accepts everything"])
        let result = await check(vector, against: implementation, profiles: corpus.profiles, knownFailures: listed)
        guard case .failed(let failure) = result.outcome else {
            Issue.record("expected a failure, got \(result.outcome)")
            return
        }
        #expect(failure.kind == .wrongVerdict)
    }

    @Test func aVectorOutsideTheDeclaredRolesIsNotApplicable() async throws {
        let (corpus, _, implementation) = try Self.fixture()
        let signerVector = try #require(corpus.vectors.first { $0.role == .signer })
        let result = await check(signerVector, against: implementation, profiles: corpus.profiles)
        #expect(result.outcome == .notApplicable)
    }
}

/// Issues seen by a `withKnownIssue` matcher, kept for assertions after the fact.
final class RecordedIssues: @unchecked Sendable {
    private let lock = NSLock()
    private var issues: [(location: SourceLocation?, text: String)] = []

    func append(_ issue: Issue) {
        lock.withLock { issues.append((issue.sourceLocation, String(describing: issue))) }
    }

    var all: [(location: SourceLocation?, text: String)] { lock.withLock { issues } }
}
