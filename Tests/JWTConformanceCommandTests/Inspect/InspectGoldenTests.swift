import Foundation
import JWTConformance
import Testing
@testable import JWTConformanceCommand

/// The whole text report of `inspect` for a dozen real mistakes, compared with the reviewed
/// reports in `Fixtures/inspect/`. After a deliberate change to the report, run with
/// `JWT_CONFORMANCE_WRITE_GOLDEN=1` to rewrite them, and review the diff.
@Suite("inspect: golden reports")
struct InspectGoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var secret: String?
        var arguments: [String]
        var keySet: String?
        var token: @Sendable () -> String

        init(
            name: String, secret: String? = Doctor.secret, arguments: [String] = [], keySet: String? = nil,
            token: @escaping @Sendable () -> String
        ) {
            self.name = name
            self.secret = secret
            self.arguments = arguments
            self.keySet = keySet
            self.token = token
        }

        var testDescription: String { name }
    }

    static let payload = #"{"externalId":"cust-1","iat":1700000000}"#

    static let cases: [Case] = [
        Case(name: "millisecond-iat") { Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","iat":1700000000000}"#) },
        Case(name: "stale-iat") { Doctor.token(Doctor.kustomerHeader, #"{"email":"ann@example.com","iat":1699999000}"#) },
        Case(name: "numeric-external-id", arguments: ["--profile", "sunshine", "--kid", "app_1"]) {
            Doctor.token(Doctor.sunshineHeader(), #"{"scope":"user","external_id":42}"#)
        },
        Case(name: "missing-kid", arguments: ["--profile", "sunshine", "--kid", "app_1"]) {
            Doctor.token(Doctor.kustomerHeader, #"{"scope":"user","external_id":"u-1"}"#)
        },
        Case(name: "base64-decoded-secret", secret: Doctor.base64Secret) {
            Doctor.token(Doctor.kustomerHeader, payload, key: TokenAnatomy.lenientDecode(Doctor.base64Secret) ?? [])
        },
        Case(name: "trailing-newline-secret") { Doctor.token(Doctor.kustomerHeader, payload, key: Array((Doctor.secret + "\n").utf8)) },
        Case(name: "wrong-kid", secret: nil, arguments: ["--profile", "sunshine"],
             keySet: #"[{"kid":"app_1","secret":"first-secret-aaaaaaaaaaaaaaaa"},{"kid":"app_2","secret":"second-secret-bbbbbbbbbbbbbbbb"}]"#) {
            Doctor.token(Doctor.sunshineHeader(kid: "app_1"), #"{"scope":"user","external_id":"u-1"}"#, key: Array("second-secret-bbbbbbbbbbbbbbbb".utf8))
        },
        Case(name: "hs512") {
            let input = Base64URL.encode(Array(#"{"alg":"HS512","typ":"JWT"}"#.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
            return input + "." + Base64URL.encode(SHA512Family.hmac(Array(input.utf8), key: Array(Doctor.secret.utf8), variant: .sha512))
        },
        Case(name: "padded-segment") {
            CompactJWS.sign(
                headerSegment: Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8)) + "=",
                payloadSegment: Base64URL.encode(Array(payload.utf8)), key: Array(Doctor.secret.utf8))
        },
        Case(name: "alg-none") { Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + Base64URL.encode(Array(payload.utf8)) + "." },
        Case(name: "legacy-scope", arguments: ["--profile", "sunshine", "--kid", "app_1"]) {
            Doctor.token(Doctor.sunshineHeader(), #"{"scope":"appUser","userId":"u-1"}"#)
        },
        Case(name: "expired", arguments: ["--profile", "sunshine", "--kid", "app_1"]) {
            Doctor.token(Doctor.sunshineHeader(), #"{"scope":"user","external_id":"u-1","exp":1699999970}"#)
        },
        Case(name: "bearer-prefix") { "Bearer " + Doctor.token(Doctor.kustomerHeader, payload) },
        Case(name: "accepted-email-wins") {
            Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","email":"ann@example.com","iat":1699999990}"#)
        },
        Case(name: "no-secret", secret: nil) { Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","iat":"1700000000"}"#) },
    ]

    private static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/inspect")

    @Test("the text report", arguments: cases)
    func report(_ golden: Case) async throws {
        var arguments = ["inspect", "--now", String(Doctor.now)] + golden.arguments
        var environment: [String: String] = [:]
        var keySetPath: String?
        if let secret = golden.secret {
            environment["DOCTOR_SECRET"] = secret
            arguments += ["--secret-env", "DOCTOR_SECRET"]
        }
        if let keySet = golden.keySet {
            keySetPath = try Doctor.keySet(keySet)
            arguments += ["--keys", keySetPath!]
        }
        let output = try Doctor.run(arguments + [golden.token()], environment: environment)
        var text = output.stdout + (output.stderr.isEmpty ? "" : "STDERR\n" + output.stderr) + "EXIT \(output.status.rawValue)\n"
        if let keySetPath { text = text.replacingOccurrences(of: keySetPath, with: "keys.json") }
        let file = Self.folder.appendingPathComponent("\(golden.name).txt")
        if ProcessInfo.processInfo.environment["JWT_CONFORMANCE_WRITE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let expected = try String(decoding: Data(contentsOf: file), as: UTF8.self)
        #expect(text == expected)
        #expect(!text.contains(Doctor.secret) && !text.contains(Doctor.base64Secret) && !text.contains("second-secret"))
    }
}
