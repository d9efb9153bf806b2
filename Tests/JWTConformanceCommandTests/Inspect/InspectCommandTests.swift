import Foundation
import JWTConformance
import Testing
@testable import JWTConformanceCommand

/// `inspect`, `explain` and `list` as commands: where the secret comes from, profile guessing,
/// exit statuses, unreadable input, and the promise that no secret is ever printed.
@Suite("inspect: the command")
struct InspectCommandTests {
    static let good = Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","iat":1700000000}"#)

    @Test("without a secret, everything but the signature is checked and the report says so")
    func noSecret() async throws {
        let output = try await Doctor.inspect(Self.good, secret: nil)
        #expect(output.status == .success)
        #expect(output.stdout.contains("VERDICT: accepted (signature not checked)"))
        #expect(output.stdout.contains("The signature was NOT checked: no secret was given. Everything else was."))
        #expect(output.stdout.contains("Key:      no secret given"))
        let json = try await Doctor.inspect(Self.good, secret: nil, arguments: ["--format", "json"]).json()
        #expect(json["signatureChecked"] == false)
        #expect(json["signature"] == .null)

        let refused = Doctor.token(Doctor.kustomerHeader, #"{"externalId":7,"iat":1700000000}"#, key: Array("wrong".utf8))
        let partial = try await Doctor.inspect(refused, secret: nil)
        #expect(partial.status == .failures)
        #expect(partial.stdout.contains("VERDICT: refused (signature not checked): invalid-claim-type"))
        #expect(!partial.stdout.contains("JWS-SIGNATURE"), "the unchecked signature is not reported as bad")

        let sunshine = Doctor.token(Doctor.sunshineHeader(kid: "app_old"), #"{"scope":"user","external_id":"u-1"}"#)
        let otherKey = try await Doctor.inspect(sunshine, secret: nil, arguments: ["--kid", "app_new"])
        #expect(otherKey.stdout.contains("VERDICT: refused (signature not checked): unknown-key"))
        #expect(try await Doctor.inspect(sunshine, secret: nil).status == .success, "without --kid the token's kid is taken")
    }

    @Test("the secret from --secret-env or JWT_CONFORMANCE_SECRET")
    func secretFromEnvironment() async throws {
        let named = try await Doctor.inspect(Self.good, secret: nil, arguments: ["--secret-env", "MY_SECRET"], environment: ["MY_SECRET": Doctor.secret])
        #expect(named.status == .success)
        #expect(named.stdout.contains("Key:      the environment variable MY_SECRET"))
        #expect(named.stdout.contains("SIGNATURE: matches the secret as given"))
        let implicit = try await Doctor.inspect(Self.good, secret: nil, environment: [InspectInput.secretEnvironmentVariable: "wrong"])
        #expect(implicit.status == .failures)
        #expect(implicit.stdout.contains("VERDICT: refused: bad-signature"))
        let unset = try await Doctor.inspect(Self.good, secret: nil, arguments: ["--secret-env", "UNSET_SECRET"])
        #expect(unset.status == .dataError)
        #expect(unset.stderr.contains("the environment variable UNSET_SECRET named by --secret-env is not set"))
    }

    @Test("the profile is guessed from the token's shape and the guess is shown; --profile overrides it")
    func profileGuess() async throws {
        let sunshine = Doctor.token(Doctor.sunshineHeader(), #"{"scope":"user","external_id":"u-1"}"#)
        let guessed = try await Doctor.inspect(sunshine, secret: nil)
        // (a vendor whose tokens look the same adds "the token fits … alike" before the advice)
        #expect(guessed.stdout.contains(#"Profile:  sunshine — Sunshine Conversations (a guess: the payload has "external_id" and "scope", as sunshine tokens do; the header has a kid, which sunshine requires; "#))
        #expect(guessed.stdout.contains("pass --profile to choose)"))
        #expect(guessed.status == .success)
        let kustomer = try await Doctor.inspect(Self.good, secret: nil, arguments: ["--format", "json"]).json()
        #expect(kustomer["profile"]?["id"] == "kustomer")
        #expect(kustomer["profile"]?["guessed"] == true)
        let forced = try await Doctor.inspect(sunshine, secret: nil, arguments: ["--profile", "kustomer", "--format", "json"]).json()
        #expect(forced["profile"]?["guessed"] == false)
        #expect(forced["verdict"]?["reason"] == "missing-claim")
    }

    @Test("exit statuses: 0 accepted, 1 refused, 64 usage, 65 unreadable input")
    func exitStatuses() async throws {
        #expect(try await Doctor.inspect(Self.good).status == .success)
        #expect(try await Doctor.inspect(Self.good + "x").status == .failures)
        #expect(try await Doctor.inspect("not-a-token").status == .failures)
        for arguments in [
            ["inspect"], ["inspect", "a", "b"], ["inspect", "--frobnicate", "t"], ["inspect", "--now", "soon", "t"],
            ["inspect", "--secret-file", "f", "--secret-env", "E", "t"], ["inspect", "--keys", "k", "--kid", "a", "t"],
            ["inspect", "--format", "xml", "t"], ["explain"],
        ] {
            let output = await runCommandLine(arguments)
            #expect(output.status == ExitCode.usage.rawValue, "\(arguments)")
            #expect(output.stderr.hasPrefix("Error: "), "\(arguments)")
        }
        let unknownProfile = try await Doctor.inspect(Self.good, arguments: ["--profile", "no-such-vendor"])
        #expect(unknownProfile.status == .usage)
        #expect(unknownProfile.stderr.contains("Unknown profile 'no-such-vendor' (known: "))
        let missing = try Doctor.run(["inspect", "--secret-file", "/nonexistent/secret", Self.good])
        #expect(missing.status == .dataError)
        #expect(missing.stderr == "Error: cannot read the secret file '/nonexistent/secret': no such file\n")
        #expect(await runCommandLine(["explain", "KUS-NOPE-999"]).status == ExitCode.usage.rawValue)
    }

    @Test("unreadable input is named with its byte offset")
    func unreadableInput() async throws {
        let stdin = try Doctor.run(["inspect", "-"], standardInput: Array("eyJh".utf8) + [0xFF, 0x2E])
        #expect(stdin.status == .dataError)
        #expect(stdin.stderr == "Error: standard input is not UTF-8 text: invalid byte at byte offset 4\n")
        let keys = try Doctor.keySet(#"[{"kid":"a","secret":"do-not-print-me"},]"#)
        let keySet = try await Doctor.inspect(Self.good, secret: nil, arguments: ["--keys", keys])
        #expect(keySet.status == .dataError)
        #expect(keySet.stderr.contains("is not JSON: the problem is at byte offset 40 (path $[1])"))
        #expect(!keySet.all.contains("do-not-print-me"))
        let badEscape = try Doctor.keySet(#"[{"kid":"a","secret":"abc\qdef"}]"#)
        let inSecret = try await Doctor.inspect(Self.good, secret: nil, arguments: ["--keys", badEscape])
        #expect(inSecret.status == .dataError)
        #expect(inSecret.stderr.hasSuffix("is not JSON: the problem is in $[0].secret\n"), "no offset inside a secret")
        let binary = try temporaryFolder().appendingPathComponent("secret.bin")
        try Data([0x61, 0x62, 0xFF, 0x63]).write(to: binary)
        let secretFile = try Doctor.run(["inspect", "--secret-file", binary.path, Self.good])
        #expect(secretFile.status == .dataError)
        #expect(secretFile.stderr == "Error: the secret file '\(binary.path)' is not UTF-8 text\n")
        let noSecret = try Doctor.keySet(#"[{"kid":"a"}]"#)
        #expect(try await Doctor.inspect(Self.good, secret: nil, arguments: ["--keys", noSecret]).stderr.contains(#"$[0]: "secret" is missing or not a string"#))
    }

    @Test("the token from standard input, one final line break dropped")
    func standardInput() throws {
        let output = try Doctor.run(["inspect", "--now", String(Doctor.now), "-"], standardInput: Array((Self.good + "\n").utf8))
        #expect(output.status == .success)
        #expect(output.stdout.contains("VERDICT: accepted (signature not checked)"))
    }

    @Test("a huge or hostile token is diagnosed, not a crash or a hang")
    func hostileTokens() async throws {
        let huge = String(repeating: "A", count: 70_000) + "." + String(repeating: "B", count: 10) + ".C"
        let output = try await Doctor.inspect(huge)
        #expect(output.status == .failures)
        #expect(output.stdout.contains("TOKEN: 70013 bytes, more than the 65536 examined; not decoded"))
        let dots = try await Doctor.inspect(String(repeating: ".", count: 5_000))
        #expect(dots.stdout.contains("JWS-COMPACT-SEGMENTS"))
        #expect(dots.stdout.contains("… and 4993 more segments, not shown"))
        let bearer = try await Doctor.inspect("Bearer " + Self.good)
        #expect(bearer.stdout.contains("the token starts with \"Bearer \""))
        for now in [Int64.min, Int64.max, 0] {
            let extreme = Doctor.token(Doctor.kustomerHeader, #"{"externalId":"c","iat":9223372036854775807,"exp":-9223372036854775808,"nbf":1e400}"#)
            let output = try Doctor.run(["inspect", "--now", String(now), extreme])
            #expect(output.status == .failures, "now \(now)")
        }
        let control = try await Doctor.inspect(Self.good + "\u{1B}[31m")
        #expect(!control.all.contains("\u{1B}"))
    }

    @Test("the secret, and anything derived from it, never appears in any output or error")
    func secretNeverPrinted() async throws {
        let secret = Doctor.base64Secret
        let decoded = try #require(TokenAnatomy.lenientDecode(secret))
        let forms = [
            secret, String(decoding: decoded, as: UTF8.self), Base64URL.encode(Array(secret.utf8)),
            Array(secret.utf8).map { String($0, radix: 16) }.joined(),
        ]
        let tokens = [
            Self.good, Doctor.token(Doctor.kustomerHeader, #"{"externalId":"c","iat":1700000000}"#, key: decoded),
            Doctor.token(Doctor.sunshineHeader(), #"{"external_id":1}"#, key: Array(secret.utf8)), "garbage", secret,
        ]
        var outputs: [Doctor.Output] = []
        for token in tokens {
            for format in ["text", "json"] {
                outputs.append(try await Doctor.inspect(token, secret: secret, arguments: ["--format", format]))
                outputs.append(try await Doctor.inspect(token, secret: nil, arguments: ["--secret-env", "S", "--format", format], environment: ["S": secret]))
            }
        }
        let keys = try Doctor.keySet(#"{"keys":[{"kid":"app_1","secret":"\#(secret)"},{"kid":"app_2","secret":"\#(secret)x"}]}"#)
        outputs.append(try await Doctor.inspect(tokens[2], secret: nil, arguments: ["--keys", keys]))
        for output in outputs {
            for form in forms where form.count > 8 {
                #expect(!output.all.contains(form), "the secret leaked in a form of \(form.count) characters")
            }
        }
        #expect(outputs.count == 21)
        let pasted = try #require(outputs.first { $0.stdout.contains("the token contains the secret you gave") })
        #expect(pasted.stdout.contains("you passed the secret where the token goes"))
        #expect(outputs.allSatisfy { !$0.stdout.isEmpty })
    }

    @Test("--format json has the documented shape")
    func jsonShape() async throws {
        let token = Doctor.token(Doctor.kustomerHeader, #"{"externalId":"cust-1","iat":1700000000000}"#)
        let json = try await Doctor.inspect(token, arguments: ["--format", "json"]).json()
        let keys = try #require(json.objectValue?.keys)
        #expect(keys == [
            "tool", "profile", "now", "key", "signatureChecked", "verdict", "namedIdentity", "identityWhy", "segmentCount", "segments",
            "violations", "timing", "signature", "ambiguities",
        ])
        #expect(json["verdict"]?["result"] == "reject")
        #expect(json["namedIdentity"]?["value"] == "cust-1")
        let violation = try #require(json["violations"]?.arrayValue?.first)
        #expect(violation["rule"]?["id"] == "KUS-IAT-SECONDS")
        #expect(violation["rule"]?["statement"]?.stringValue?.isEmpty == false)
        #expect(violation["location"]?["member"] == "iat")
        #expect(violation["location"]?["tokenStart"] == 65)
        #expect(violation["decisive"] == true)
        #expect(json["timing"]?.arrayValue?.first?["claim"] == "iat")
        #expect(json["signature"]?["matches"] == true)
    }

    @Test("explain shows the vector, its rules in full, the expected result, and inspects its token")
    func explain() async throws {
        let catalogue = try #require(InspectCorpusTests.catalogue.rule("KUS-IAT-WINDOW"))
        let output = await runCommandLine(["explain", "KUS-TIM-104"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("KUS-TIM-104: iat 901 s before now\n"))
        #expect(output.stdout.contains("  expected: reject (issued-at-out-of-window)"))
        #expect(output.stdout.contains("  KUS-IAT-WINDOW (must; verifier)"))
        #expect(output.stdout.contains(HelpText.wrap(catalogue.statement, width: 76)[0]))
        #expect(output.stdout.contains("  VERDICT: refused: issued-at-out-of-window"))
        #expect(output.stdout.contains("is 15 min 1 s before now"))

        let acceptable = await runCommandLine(["explain", "kus-tim-103"])
        #expect(acceptable.stdout.contains("AMBIGUITY AMB-KUS-IAT-BOUNDARY"))
        #expect(acceptable.stdout.contains("  reading 1: "))
        let json = try JSONParser.parse(await runCommandLine(["explain", "SUN-CLM-001", "--format", "json"]).stdout)
        #expect(json["expected"] == #"accept (externalId "user-8f14e45f")"#)
        #expect(json["inspect"]?["verdict"]?["result"] == "accept")
        #expect(json["rules"]?.arrayValue?.first?["id"] == "JWT-UNKNOWN-CLAIMS")
        let signer = await runCommandLine(["explain", "KUS-SGN-001"])
        #expect(signer.status == 0 && signer.stdout.contains("  subject:  "))
    }

    @Test("list narrows the vectors by rule, profile, category and flag")
    func list() async throws {
        let output = await runCommandLine(["list", "--rule", "KUS-IAT-WINDOW", "--flag", "boundary"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("KUS-IAT-WINDOW (must): "))
        #expect(output.stdout.contains("KUS-TIM-104  kustomer/timing  reject (issued-at-out-of-window)  iat 901 s before now"))
        #expect(!output.stdout.contains("SUN-"))
        let sunshine = await runCommandLine(["list", "--profile", "sunshine", "--category", "signer"])
        #expect(sunshine.stdout.split(separator: "\n").dropLast().allSatisfy { $0.hasPrefix("SUN-SGN-") })
        #expect(await runCommandLine(["list", "--rule", "NOPE"]).status == ExitCode.usage.rawValue)
    }

    @Test("help pages for inspect, explain and list")
    func help() async {
        let inspect = await runCommandLine(["inspect", "--help"])
        #expect(inspect.stdout.contains("USAGE: jwt-conformance inspect"))
        #expect(inspect.stdout.contains("--secret-file <path>"))
        #expect(inspect.stdout.contains("65"))
        #expect(await runCommandLine(["help", "explain"]).stdout.contains("OVERVIEW: Show one bundled vector"))
        #expect(await runCommandLine(["--help"]).stdout.contains("  inspect"))
    }
}
