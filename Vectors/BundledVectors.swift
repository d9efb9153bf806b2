import Foundation

/// Where the vectors that ship with the package live once built.
///
/// `Bundle.module` is internal to the target that owns the resources, so this target exposes
/// the one folder the rest of the package needs.
public enum BundledVectors {
    /// The folder holding `corpus/`, `profiles/`, `rules/` and `schema/`, or nil if the
    /// resource bundle is missing.
    public static var directory: URL? {
        Bundle.module.resourceURL
    }
}
