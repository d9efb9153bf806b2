// This file deliberately does not import Testing: `check(_:against:)` must compile, and record
// its issue here, for a caller that imports only JWTConformanceTesting (which re-exports Testing
// for its `#_sourceLocation` default).
import JWTConformance
import JWTConformanceTesting

/// Calls `check` and returns the line of that call, for the location test.
func checkWithoutTestingImport(
    _ vector: ConformanceVector, against implementation: Implementation, profiles: [ProfileID: ProfileDefinition]
) async -> (result: TestResult, line: Int) {
    (await check(vector, against: implementation, profiles: profiles), #line)
}
