// swift-tools-version:6.0
import PackageDescription

/// jwt-conformance: a conformance suite for the customer-identity JWTs of chat SDK vendors.
///
/// The package depends on the toolchain only (Foundation and Swift Testing), so that
/// anyone who has Swift can adopt it.
let package = Package(
    name: "jwt-conformance",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "JWTConformance", targets: ["JWTConformance"]),
        .library(name: "JWTConformanceTesting", targets: ["JWTConformanceTesting"]),
        .library(name: "JWTReference", targets: ["JWTReference"]),
        // Serve your own `Implementation` over the testee protocol (`TesteeServer`).
        .library(name: "JWTTestee", targets: ["JWTTestee"]),
        .executable(name: "jwt-conformance", targets: ["jwt-conformance"]),
    ],
    targets: [
        // Pure-Swift HS256 reference: primitives, profile model, signer and verifier.
        .target(name: "JWTReference"),

        // The committed corpus (`Vectors/`), shipped as a resource bundle.
        .target(
            name: "JWTConformanceVectors",
            path: "Vectors",
            exclude: ["README.md"],
            sources: ["BundledVectors.swift"],
            resources: [
                .copy("corpus"),
                .copy("profiles"),
                .copy("rules"),
                .copy("schema"),
            ]
        ),

        // Vector model, loader, plug-in protocols and runner.
        .target(name: "JWTConformance", dependencies: ["JWTReference", "JWTConformanceVectors"]),

        // Swift Testing glue for third parties: `check(_:against:)`.
        .target(name: "JWTConformanceTesting", dependencies: ["JWTConformance"]),

        // The language-agnostic testee protocol: messages, subprocess client, reference server.
        .target(name: "JWTTestee", dependencies: ["JWTConformance"]),

        // Which of the catalogue's ambiguities a token falls into, from its shape (inspect and fuzz).
        .target(name: "JWTAmbiguities", dependencies: ["JWTConformance"]),

        // Differential fuzzing against the reference: mutation, judging, shrinking, findings.
        .target(name: "JWTFuzzing", dependencies: ["JWTConformance", "JWTTestee", "JWTAmbiguities"]),

        // Command-line front end: argument parsing, commands and reports.
        .target(name: "JWTConformanceCommand", dependencies: ["JWTConformance", "JWTConformanceVectors", "JWTTestee", "JWTFuzzing", "JWTAmbiguities"]),
        .executableTarget(name: "jwt-conformance", dependencies: ["JWTConformanceCommand"]),

        // Harness overhead per vector through the testee protocol: `swift run -c release harness-benchmark`.
        .executableTarget(name: "harness-benchmark", dependencies: ["JWTConformance", "JWTTestee"]),

        // The reference verifier against the HMAC floor: `swift run -c release verify-benchmark`.
        .executableTarget(name: "verify-benchmark", dependencies: ["JWTConformance"]),

        // Reproducible generator of the committed corpus.
        .executableTarget(name: "generate-vectors", dependencies: ["JWTConformance", "JWTAmbiguities"]),

        .testTarget(name: "JWTReferenceTests", dependencies: ["JWTReference"]),
        .testTarget(name: "JWTFuzzingTests", dependencies: ["JWTFuzzing", "JWTTestee", "JWTConformanceCommand"], exclude: ["Fixtures"]),
        .testTarget(name: "JWTConformanceTests", dependencies: ["JWTConformance", "JWTConformanceTesting"]),
        .testTarget(name: "JWTTesteeTests", dependencies: ["JWTTestee", "JWTConformance"], exclude: ["Fixtures"]),
        .testTarget(
            name: "JWTConformanceCommandTests",
            dependencies: ["JWTConformanceCommand", "JWTTestee", "JWTAmbiguities", "jwt-conformance"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
