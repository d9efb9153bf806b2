// This file deliberately does not import Testing: `check(_:against:)` must compile for a
// caller that does not use the Testing macros.
import JWTConformance
import JWTConformanceTesting

/// Calls `check` and returns the line of that call, for the location test.
func checkWithoutTestingImport(
    _ vector: ConformanceVector, against implementation: Implementation, profiles: [ProfileID: ProfileDefinition]
) async -> (result: TestResult, line: Int) {
    (await check(vector, against: implementation, profiles: profiles), #line)
}
