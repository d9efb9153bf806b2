// HS256 verification throughput: the suite's reference verifier, jwt-kit (through the adapter,
// end to end) and HMAC-SHA-256 alone (swift-crypto), over the same tokens in one run.
//
//     swift run -c release jwtkit-benchmark [--seconds S] [--tokens N] [--only reference]
//
// Every measurement warms up for a second, then runs whole passes over the token set for at
// least S seconds (default 3) in three rounds and reports the median round. Everything runs
// off the main actor, on Swift's cooperative pool, where a server calls jwt-kit's
// `JWTKeyCollection` actor from.
//
// `--only reference` measures the reference verifier alone, for a profiler:
//     perf record -g .build-jwtkit/release/jwtkit-benchmark --only reference --seconds 10

import Crypto
import Foundation
import JWTConformance
import JWTKit
import JWTKitAdapter

struct Options: Sendable {
    var seconds = 3.0
    var tokens = 1_000
    var onlyReference = false

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var arguments = arguments.makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--seconds": options.seconds = Double(arguments.next() ?? "") ?? options.seconds
            case "--tokens": options.tokens = Int(arguments.next() ?? "") ?? options.tokens
            case "--only" where arguments.next() == "reference": options.onlyReference = true
            default:
                print("usage: jwtkit-benchmark [--seconds S] [--tokens N] [--only reference]")
                exit(2)
            }
        }
        return options
    }
}

struct Measurement: Sendable {
    var name: String
    var tokensPerSecond: Double
    var nanosecondsPerToken: Double { 1e9 / tokensPerSecond }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

func format(_ value: Double, width: Int, decimals: Int = 0) -> String {
    let text = String(format: "%.\(decimals)f", value)
    return String(repeating: " ", count: max(0, width - text.count)) + text
}

/// Runs `pass` (one pass over every token, returning how many were accepted) repeatedly.
nonisolated func measure(_ name: String, tokenCount: Int, seconds budget: Double, _ pass: () async -> Int) async -> Measurement {
    let clock = ContinuousClock()
    let warmUpEnd = clock.now.advanced(by: .seconds(1))
    var accepted = 0
    while clock.now < warmUpEnd { accepted = await pass() }
    precondition(accepted == tokenCount, "\(name) accepted \(accepted) of \(tokenCount) tokens")

    var rates: [Double] = []
    for _ in 0..<3 {
        var passes = 0
        let start = clock.now
        var elapsed = 0.0
        repeat {
            accepted &+= await pass()
            passes += 1
            elapsed = seconds(start.duration(to: clock.now))
        } while elapsed < budget / 3
        rates.append(Double(passes * tokenCount) / elapsed)
    }
    rates.sort()
    let measurement = Measurement(name: name, tokensPerSecond: rates[1])
    print(
        "  \(name.padding(toLength: 44, withPad: " ", startingAt: 0))"
            + "\(format(measurement.tokensPerSecond, width: 12)) tokens/s  "
            + "\(format(measurement.nanosecondsPerToken, width: 9)) ns/token"
    )
    return measurement
}

nonisolated func runBenchmark(_ options: Options) async throws {
    let now: UnixTime = 1_700_000_000
    let key = VerificationKey(secret: "kustomer-benchmark-secret-0123456789abcdef")
    guard let kustomer = try Corpus.bundledProfiles()["kustomer"] else {
        fatalError("no kustomer profile in the bundled corpus")
    }
    // Realistic Kustomer tokens: the vendor sample's header, both identity claims, `iat` up to
    // ten minutes before `now`.
    let tokens: [String] = (0..<options.tokens).map { index in
        CompactJWS.sign(
            headerJSON: #"{"alg":"HS256","typ":"JWT"}"#,
            payloadJSON: #"{"externalId":"customer-\#(100_000 + index)","email":"customer\#(index)@example.com","iat":\#(now - Int64(index % 600))}"#,
            key: key.keyBytes
        )
    }
    // For the HMAC floor: the signing input and the decoded signature of every token.
    let macInputs: [(signingInput: [UInt8], signature: [UInt8])] = try tokens.map { token in
        let jws = try CompactJWS.decode(token)
        return (jws.signingInput, jws.signature)
    }
    let symmetricKey = SymmetricKey(data: key.keyBytes)
    let reference = ReferenceVerifier(profile: kustomer)

    func measure(_ name: String, _ pass: () async -> Int) async -> Measurement {
        await jwtkit_benchmark.measure(name, tokenCount: tokens.count, seconds: options.seconds, pass)
    }
    func referencePass() -> Int {
        var valid = 0
        for token in tokens {
            if case .accept = reference.verify(token, keys: [key], now: now).verdict { valid += 1 }
        }
        return valid
    }

    #if DEBUG
    print("warning: a debug build; run `swift run -c release jwtkit-benchmark` for meaningful figures\n")
    #endif
    print("HS256 verification, \(tokens.count) distinct Kustomer tokens (\(tokens[0].utf8.count) bytes each), ~\(options.seconds) s per measurement")

    if options.onlyReference {
        _ = await measure("(a) reference: ReferenceVerifier.verify") { referencePass() }
        return
    }

    let jwtKit = try await JWTKitProfileVerifier(rules: .kustomer, keys: [key])
    let bareJWTKit = JWTKeyCollection()
    await bareJWTKit.add(hmac: HMACKey(from: key.keyBytes), digestAlgorithm: .sha256)
    // jwt-kit's own way of using swift-crypto: an HMAC keyed once, copied per token.
    let keyedMAC = Crypto.HMAC<Crypto.SHA256>(key: symmetricKey)

    let floor = await measure("(c) HMAC-SHA-256 alone (swift-crypto)") {
        var valid = 0
        for input in macInputs
        where Crypto.HMAC<Crypto.SHA256>.isValidAuthenticationCode(input.signature, authenticating: input.signingInput, using: symmetricKey) {
            valid += 1
        }
        return valid
    }
    let keyedFloor = await measure("(c') same, pre-keyed HMAC state copied") {
        var valid = 0
        for input in macInputs {
            var mac = keyedMAC
            mac.update(data: input.signingInput)
            if mac.finalize() == input.signature { valid += 1 }
        }
        return valid
    }
    let referenceResult = await measure("(a) reference: ReferenceVerifier.verify") { referencePass() }
    let jwtKitResult = await measure("(b) jwt-kit + adapter rules (end to end)") {
        var valid = 0
        for token in tokens {
            if case .accept? = try? await jwtKit.verify(token, now: now) { valid += 1 }
        }
        return valid
    }

    print("\nBreakdown (targeted micro-measurements):")
    let bare = await measure("    jwt-kit verify(_:as:) alone, no rules") {
        var valid = 0
        for token in tokens where (try? await bareJWTKit.verify(token, as: KustomerClaims.self)) != nil { valid += 1 }
        return valid
    }
    let referenceHMAC = await measure("    reference HMACSHA256, keyed per token") {
        var valid = 0
        for input in macInputs where HMACSHA256.authenticationCode(for: input.signingInput, key: key.keyBytes) == input.signature {
            valid += 1
        }
        return valid
    }
    let referenceKeyed = HMACSHA256(key: key.keyBytes)
    let referenceKeyedHMAC = await measure("    reference HMACSHA256, pre-keyed") {
        var valid = 0
        for input in macInputs {
            var mac = referenceKeyed
            mac.update(input.signingInput)
            if mac.finalize() == input.signature { valid += 1 }
        }
        return valid
    }
    let referenceDecode = await measure("    reference CompactJWS.decode alone") {
        var valid = 0
        for token in tokens where (try? CompactJWS.decode(token)) != nil { valid += 1 }
        return valid
    }
    let referenceSignature = await measure("    reference decode + hasValidSignature") {
        var valid = 0
        for token in tokens {
            if let jws = try? CompactJWS.decode(token), jws.hasValidSignature(key: key.keyBytes) { valid += 1 }
        }
        return valid
    }

    func ratio(_ slower: Measurement, _ faster: Measurement) -> String {
        format(faster.tokensPerSecond / slower.tokensPerSecond, width: 6, decimals: 2) + "×"
    }
    func share(_ part: Measurement) -> String {
        format(100 * referenceResult.tokensPerSecond / part.tokensPerSecond, width: 3) + "%"
    }
    print("\nRatios (time per token):")
    print("  reference / HMAC floor (c):          \(ratio(referenceResult, floor))  (target ≤ 3×)")
    print("  reference / pre-keyed floor (c'):    \(ratio(referenceResult, keyedFloor))  (target ≤ 2×)")
    print("  jwt-kit end to end / HMAC floor:     \(ratio(jwtKitResult, floor))")
    print("  jwt-kit end to end / reference:      \(ratio(jwtKitResult, referenceResult))  (target > 1×: the reference is faster)")
    print("  bare jwt-kit / reference:            \(ratio(bare, referenceResult))")
    print("  reference HMAC / swift-crypto HMAC:  \(ratio(referenceHMAC, floor)) (keyed per token), \(ratio(referenceKeyedHMAC, keyedFloor)) (pre-keyed)")
    print("  share of the reference's time: HMAC keyed per token \(share(referenceHMAC)), of which key set-up "
        + "\(format(100 * (referenceResult.tokensPerSecond / referenceHMAC.tokensPerSecond - referenceResult.tokensPerSecond / referenceKeyedHMAC.tokensPerSecond), width: 3))%; "
        + "CompactJWS.decode \(share(referenceDecode)); decode + signature \(share(referenceSignature))")

    // The whole corpus, as `check` runs it.
    let corpus = try Corpus.bundled(environment: [:])
    let runner = ConformanceRunner(corpus: corpus)
    let referenceImplementation = Implementation.reference(profiles: corpus.profiles)
    _ = await runner.run(corpus.vectors, against: referenceImplementation)  // warm-up
    let clock = ContinuousClock()
    var runs = 0
    let corpusStart = clock.now
    var corpusElapsed = 0.0
    repeat {
        let results = await runner.run(corpus.vectors, against: referenceImplementation)
        precondition(!results.contains(where: \.isFailure), "the reference fails its own corpus")
        runs += 1
        corpusElapsed = seconds(corpusStart.duration(to: clock.now))
    } while corpusElapsed < options.seconds
    print("\nWhole corpus against the reference (ConformanceRunner, \(corpus.vectors.count) vectors, suite \(corpus.suiteVersion)):")
    print("  \(format(corpusElapsed / Double(runs) * 1000, width: 8, decimals: 2)) ms per run  "
        + "(\(format(corpusElapsed / Double(runs) / Double(corpus.vectors.count) * 1e6, width: 6, decimals: 1)) µs per vector, mean of \(runs) runs)")
}

try await runBenchmark(Options.parse(Array(CommandLine.arguments.dropFirst())))
