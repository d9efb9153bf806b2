// jwt-kit over the testee protocol: the adapter the in-process tests check, answering one request
// line at a time on standard input and output, so that `jwt-conformance run` gates it like any
// other library (Adapters/testees.json, row `jwt-kit`).
//
//     swift build --package-path Examples/JWTKitConformance --product jwtkit-testee
//     swift run jwt-conformance run --known-failures Examples/JWTKitConformance/known-failures.txt \
//         -- Examples/JWTKitConformance/.build/debug/jwtkit-testee

import JWTKitAdapter
import JWTTestee

await TesteeServer(implementation: .jwtKit()).serve()
