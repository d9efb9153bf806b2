// HS256 verification against its floor, side by side in one run: the reference verifier, and
// HMAC-SHA-256 alone over the same signing input with the key schedule computed once (the
// reference's own `HMACSHA256`, its keyed state copied per token).
//
//     swift run -c release verify-benchmark [--seconds S] [--rounds R] [--tokens N] [--only reference]
//
// The measurements are interleaved: each of R rounds (default 5) runs every measurement for
// S seconds (default 0.4) after a warm-up, so a machine shared with other jobs slows them
// alike. Each figure is the median over the rounds, with the range; the ratio is computed per
// round. `Examples/JWTKitConformance`'s `jwtkit-benchmark` adds swift-crypto and jwt-kit.
//
// `--only reference` runs the reference verifier alone, for a profiler:
//     perf record -g .build/release/verify-benchmark --only reference --seconds 5 --rounds 1

import Foundation
import JWTConformance

struct Options {
    var seconds = 0.4
    var rounds = 5
    var tokens = 1_000
    var onlyReference = false

    init(_ arguments: [String]) {
        var arguments = arguments.makeIterator()
        while let argument = arguments.next() {
            let value = arguments.next()
            switch argument {
            case "--seconds" where Double(value ?? "").map({ $0 > 0 }) == true: seconds = Double(value!)!
            case "--rounds" where Int(value ?? "").map({ $0 > 0 }) == true: rounds = Int(value!)!
            case "--tokens" where Int(value ?? "").map({ $0 > 0 }) == true: tokens = Int(value!)!
            case "--only" where value == "reference": onlyReference = true
            default:
                FileHandle.standardError.write(Data("usage: verify-benchmark [--seconds S] [--rounds R] [--tokens N] [--only reference]\n".utf8))
                exit(64)
            }
        }
    }
}

/// One measured thing: a pass over every token, returning how many were valid.
struct Measurement {
    var label: String
    var pass: () -> Int
    var nanoseconds: [Double] = []
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func format(_ value: Double, decimals: Int = 0, width: Int = 0) -> String {
    let text = String(format: "%.\(decimals)f", value)
    return String(repeating: " ", count: max(0, width - text.count)) + text
}

/// Nanoseconds per token of `pass` over `count` tokens, run whole for at least `budget` seconds.
func nanosecondsPerToken(count: Int, budget: Double, _ pass: () -> Int) -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    var passes = 0
    var valid = 0
    var elapsed = 0.0
    repeat {
        valid = pass()
        passes += 1
        elapsed = seconds(start.duration(to: clock.now))
    } while elapsed < budget
    precondition(valid == count, "only \(valid) of \(count) tokens verified")
    return elapsed * 1e9 / Double(passes * count)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
guard let kustomer = try Corpus.bundledProfiles()["kustomer"] else { fatalError("no kustomer profile in the bundled corpus") }
let now: UnixTime = 1_700_000_000
let key = VerificationKey(secret: "kustomer-benchmark-secret-0123456789abcdef")
// Realistic Kustomer tokens, as jwtkit-benchmark makes them: the vendor sample's header, both
// identity claims, `iat` up to ten minutes before `now`.
let tokens: [String] = (0..<options.tokens).map { index in
    CompactJWS.sign(
        headerJSON: #"{"alg":"HS256","typ":"JWT"}"#,
        payloadJSON: #"{"externalId":"customer-\#(100_000 + index)","email":"customer\#(index)@example.com","iat":\#(now - Int64(index % 600))}"#,
        key: key.keyBytes)
}
// The floor's input: the signing input bytes and the signature of every token, decoded beforehand.
let macInputs: [(signingInput: [UInt8], signature: [UInt8])] = try tokens.map { token in
    let jws = try CompactJWS.decode(token)
    return (jws.signingInput, jws.signature)
}
let reference = ReferenceVerifier(profile: kustomer)
let keyed = HMACSHA256(key: key.keyBytes)
let secret = key.secret
// The key set, made once, as a server holds it ("verify with the key made per token" makes it anew).
let keys = [key]

var measurements = [
    Measurement(label: "floor: HMAC-SHA-256, pre-keyed (reference HMACSHA256)") {
        var valid = 0
        for input in macInputs {
            var mac = keyed
            mac.update(input.signingInput)
            if mac.isValidAuthenticationCode(input.signature) { valid += 1 }
        }
        return valid
    },
    Measurement(label: "reference: ReferenceVerifier.verify") {
        var valid = 0
        for token in tokens {
            if case .accept = reference.verify(token, keys: keys, now: now).verdict { valid += 1 }
        }
        return valid
    },
    Measurement(label: "  HMAC-SHA-256 keyed per token") {
        var valid = 0
        for input in macInputs where HMACSHA256.isValidAuthenticationCode(input.signature, for: input.signingInput, key: key.keyBytes) {
            valid += 1
        }
        return valid
    },
    Measurement(label: "  CompactJWS.decode alone") {
        var valid = 0
        for token in tokens where (try? CompactJWS.decode(token)) != nil { valid += 1 }
        return valid
    },
    Measurement(label: "  verify with the key made per token") {
        var valid = 0
        for token in tokens {
            if case .accept = reference.verify(token, keys: [VerificationKey(secret: secret)], now: now).verdict { valid += 1 }
        }
        return valid
    },
]

if options.onlyReference { measurements = [measurements[1]] }

#if DEBUG
print("warning: a debug build; run `swift run -c release verify-benchmark` for meaningful figures\n")
#endif
print("verify-benchmark: HS256, \(tokens.count) distinct Kustomer tokens of \(tokens[0].utf8.count) bytes, "
    + "\(options.rounds) interleaved rounds of \(format(options.seconds, decimals: 1)) s per measurement")
for index in measurements.indices {
    _ = nanosecondsPerToken(count: tokens.count, budget: min(options.seconds, 0.3), measurements[index].pass)
}
for _ in 0..<options.rounds {
    for index in measurements.indices {
        measurements[index].nanoseconds.append(nanosecondsPerToken(count: tokens.count, budget: options.seconds, measurements[index].pass))
    }
}

print("\n  \("".padding(toLength: 56, withPad: " ", startingAt: 0))  ns/token (median, range)     tokens/s")
for measurement in measurements {
    let values = measurement.nanoseconds
    print("  \(measurement.label.padding(toLength: 56, withPad: " ", startingAt: 0))"
        + "\(format(median(values), width: 8))  (\(format(values.min()!, width: 5))–\(format(values.max()!, width: 5)))"
        + "\(format(1e9 / median(values), width: 13))")
}
guard measurements.count > 1 else { exit(0) }
let ratios = zip(measurements[1].nanoseconds, measurements[0].nanoseconds).map { $0 / $1 }
print("\nreference / pre-keyed floor: \(format(median(ratios), decimals: 2))× "
    + "(rounds: \(format(ratios.min()!, decimals: 2))–\(format(ratios.max()!, decimals: 2))×); the target is at most 2×")
