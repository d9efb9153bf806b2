import JWTConformance

/// The vector a request is made for, so the request's `id` can be the vector id.
///
/// ```swift
/// await TesteeRequestContext.$vectorID.withValue(vector.id) {
///     await runner.run(vector, against: implementation)
/// }
/// ```
///
/// Without one, requests are numbered (`request-1`, …).
public enum TesteeRequestContext {
    /// The id of the vector being run.
    @TaskLocal public static var vectorID: VectorID?
}
