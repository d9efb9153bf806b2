// swift-tools-version:6.0
import PackageDescription

/// A third party's view of the suite: depends on jwt-conformance by path and runs the
/// bundled corpus against the reference implementation through `JWTConformanceTesting`.
let package = Package(
    name: "ReferenceConformance",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "jwt-conformance", path: "../.."),
    ],
    targets: [
        .testTarget(
            name: "ReferenceConformanceTests",
            dependencies: [
                .product(name: "JWTConformance", package: "jwt-conformance"),
                .product(name: "JWTConformanceTesting", package: "jwt-conformance"),
            ]
        ),
    ]
)
