// libFuzzer target for the reference: the JSON reader, the compact-JWS decoder and the verifier.
//
// Built by Tools/fuzz/run.sh together with the sources of JWTReference as one module:
//   swiftc -sanitize=fuzzer,address -parse-as-library -O Sources/JWTReference/**/*.swift Tools/fuzz/ReferenceFuzzTarget.swift
// The first input byte picks the part under test; the rest is its input. Every invariant below
// that fails traps, which libFuzzer reports as a crash with the input that caused it.
import Foundation

/// The fixed inputs of the verifier mode: the bundled profiles and the corpus's key sets,
/// read once from the files Tools/fuzz/run.sh points to.
private struct FuzzSetting {
    var profiles: [ProfileDefinition]
    var keys: [ProfileID: [VerificationKey]]

    static let shared: FuzzSetting = {
        let environment = ProcessInfo.processInfo.environment
        guard let profileFolder = environment["JWT_FUZZ_PROFILES"], let keyFile = environment["JWT_FUZZ_KEYS"] else {
            fatalError("set JWT_FUZZ_PROFILES (Vectors/profiles) and JWT_FUZZ_KEYS (written by make_seed_corpus.py)")
        }
        do {
            let folder = URL(fileURLWithPath: profileFolder)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
            let profiles = try names.map {
                try JSONDecoder().decode(ProfileDefinition.self, from: Data(contentsOf: folder.appendingPathComponent($0)))
            }
            let keys = try JSONDecoder().decode([String: [VerificationKey]].self, from: Data(contentsOf: URL(fileURLWithPath: keyFile)))
            return FuzzSetting(profiles: profiles, keys: Dictionary(uniqueKeysWithValues: keys.map { (ProfileID($0.key), $0.value) }))
        } catch {
            fatalError("cannot read the fuzz setting: \(error)")
        }
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let input = UnsafeBufferPointer(rebasing: bytes[1...])
    switch bytes[0] % 3 {
    case 0: checkJSONReader(input)
    case 1: checkDecoder(String(decoding: input, as: UTF8.self))
    default:
        guard input.count >= 2 else { return 0 }
        let setting = FuzzSetting.shared
        let profile = setting.profiles[Int(input[0]) % setting.profiles.count]
        let now: UnixTime = 1_700_000_000 + Int64(Int8(bitPattern: input[1])) * 15
        let token = String(decoding: UnsafeBufferPointer(rebasing: input[2...]), as: UTF8.self)
        checkVerifier(token, profile: profile, keys: setting.keys[profile.id] ?? [], now: now)
    }
    return 0
}

/// A parsed document serializes to text that parses back to the same value, and the strict
/// options (duplicates refused) never accept what the default options refuse.
private func checkJSONReader(_ input: UnsafeBufferPointer<UInt8>) {
    let value: JSONValue
    do {
        value = try JSONParser.parse(input)
    } catch {
        if (try? JSONParser.parse(input, options: .init(rejectDuplicateKeys: true))) != nil {
            fatalError("the strict parser accepts what the default parser refuses")
        }
        return
    }
    let text = value.serializedUTF8()
    guard let again = try? JSONParser.parse(text, options: .init(maximumDepth: 1_000)) else {
        fatalError("the serialization of a parsed document does not parse: \(String(decoding: text, as: UTF8.self))")
    }
    precondition(again == value, "a parsed document changes through serialization")
}

/// A decoded token is exactly its three segments, each the canonical base64url of its bytes.
private func checkDecoder(_ token: String) {
    guard let jws = try? CompactJWS.decode(token) else { return }
    precondition("\(jws.headerSegment).\(jws.payloadSegment).\(jws.signatureSegment)" == token, "segments do not rebuild the token")
    precondition(Base64URL.encode(jws.signature) == jws.signatureSegment, "the signature segment is not canonical")
    for segment in [jws.headerSegment, jws.payloadSegment] {
        guard let decoded = try? Base64URL.decode(segment) else { fatalError("a decoded segment does not decode again") }
        precondition(Base64URL.encode(decoded) == segment, "a segment is not canonical base64url")
    }
}

/// Reading a token in place (a flat one) and decoding it in full give the same report; a
/// verdict is accept only when the MAC matched a key and nothing is violated; an accepted
/// token, re-encoded and re-signed with the key that matched, is accepted again with the same
/// identity; a rejection names the reason of its earliest-stage violation.
private func checkVerifier(_ token: String, profile: ProfileDefinition, keys: [VerificationKey], now: UnixTime) {
    let verifier = ReferenceVerifier(profile: profile)
    let report = verifier.verify(token, keys: keys, now: now)
    precondition(
        verifier.verify(verifier.decode(token), keys: keys, now: now) == report,
        "reading the token in place and decoding it in full give different reports")
    switch report.verdict {
    case .accept(let identity):
        precondition(report.violations.isEmpty && report.identity == identity, "an accepted token has violations")
        guard let jws = try? CompactJWS.decode(token) else { fatalError("an accepted token does not decode") }
        guard let key = keys.first(where: { jws.hasValidSignature(key: $0.secret.utf8) }) else {
            fatalError("a token is accepted although its MAC matches no key")
        }
        let again = CompactJWS.encode(header: jws.header, payload: jws.payload, key: key.keyBytes)
        precondition(
            verifier.verify(again, keys: keys, now: now).verdict == .accept(identity),
            "a re-encoded accepted token is not accepted again with the same identity")
    case .reject(let reason):
        guard let reason else { fatalError("a rejection names no reason") }
        let earliest = report.violations.map(\.reason.stage).min()
        precondition(report.violations.contains { $0.reason == reason } && reason.stage == earliest, "the reason is not the earliest violation's")
    }
}
