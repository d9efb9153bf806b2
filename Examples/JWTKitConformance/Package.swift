// swift-tools-version:6.0
import PackageDescription

/// jwt-kit under the jwt-conformance suite: a third party's view of the suite, proven on a real library.
///
/// - `JWTKitAdapter`: a signer and a verifier per vendor profile built on vapor/jwt-kit.
/// - `JWTKitConformanceTests`: the whole bundled corpus through `check(_:against:knownFailures:)`,
///   gated by `known-failures.txt`.
/// - `jwtkit-testee`: the same adapter served over the testee protocol, so that the compliance
///   matrix runs jwt-kit as it runs every other library (`Adapters/testees.json`).
/// - `jwtkit-benchmark`: HS256 verification throughput of the reference, jwt-kit and bare HMAC
///   (`swift run -c release jwtkit-benchmark`).
let package = Package(
    name: "JWTKitConformance",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "jwt-conformance", path: "../.."),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.0.0"),
        // Only for the benchmark's HMAC floor; the same range jwt-kit itself asks for.
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
    ],
    targets: [
        .target(
            name: "JWTKitAdapter",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "JWTConformance", package: "jwt-conformance"),
            ]
        ),
        .executableTarget(
            name: "jwtkit-testee",
            dependencies: [
                "JWTKitAdapter",
                .product(name: "JWTTestee", package: "jwt-conformance"),
            ]
        ),
        .executableTarget(
            name: "jwtkit-benchmark",
            dependencies: [
                "JWTKitAdapter",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "JWTConformance", package: "jwt-conformance"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "JWTKitConformanceTests",
            dependencies: [
                "JWTKitAdapter",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "JWTConformance", package: "jwt-conformance"),
                .product(name: "JWTConformanceTesting", package: "jwt-conformance"),
            ]
        ),
    ]
)
