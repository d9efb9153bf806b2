import JWTConformance
import JWTConformanceTesting
import Testing

/// The product path: every bundled vector (narrowed by `JWT_CONFORMANCE_VECTORS` when set)
/// through the runner and `check(_:against:)`, against the reference in all three roles.
@Suite("Reference conformance")
struct ReferenceConformanceTests {
    static let corpus: Result<Corpus, any Error> = Result { try Corpus.bundled() }

    static var vectors: [ConformanceVector] { (try? corpus.get())?.vectors ?? [] }

    @Test("the selection loads") func theSelectionLoads() throws {
        #expect(try !Self.corpus.get().vectors.isEmpty, "JWT_CONFORMANCE_VECTORS selects no vector")
    }

    @Test(arguments: vectors)
    func reference(_ vector: ConformanceVector) async throws {
        let corpus = try Self.corpus.get()
        let result = await check(vector, against: .reference(profiles: corpus.profiles), profiles: corpus.profiles)
        #expect(result.outcome == .passed)
    }
}
