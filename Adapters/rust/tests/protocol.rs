//! The adapter's own tests: they start the testee as the harness does (jsonwebtoken_testee.sh, under
//! libfaketime) and speak the protocol to it. Tokens are built here with ring's HMAC and base64, not
//! with the library under test. Run by `bash Adapters/rust/build.sh test`.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{json, Value};

const SECRET: &str = "adapter-test-secret-0123456789abcdef";

struct Testee {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Testee {
    fn start(mut command: Command) -> Testee {
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().expect("start the testee");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut testee = Testee { child, stdin: Some(stdin), stdout };
        let hello = testee.ask(&json!({"op": "hello", "protocol": 1}));
        assert_eq!(hello["ok"], json!(true), "{hello}");
        assert_eq!(hello["implementation"]["name"], json!("jsonwebtoken"));
        testee
    }

    /// As the harness starts it: through the wrapper, under libfaketime.
    fn wrapped() -> Testee {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/jsonwebtoken_testee.sh");
        let mut command = Command::new("bash");
        command.arg(script);
        Testee::start(command)
    }

    fn send(&mut self, line: &str) -> Value {
        let stdin = self.stdin.as_mut().expect("the testee's stdin is open");
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("read a response");
        serde_json::from_str(&line).unwrap_or_else(|error| panic!("not JSON ({error}): {line:?}"))
    }

    fn ask(&mut self, request: &Value) -> Value {
        self.send(&request.to_string())
    }

    fn verify(&mut self, profile: &str, token: &str, keys: Value, now: i64) -> Value {
        self.ask(&json!({"op": "verify", "id": "T-1", "profile": profile, "token": token, "keys": keys, "now": now}))
    }
}

impl Drop for Testee {
    /// As the harness ends a run: stdin closed, then the testee exits (and its wrapper cleans up).
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::encode_config(bytes, base64::URL_SAFE_NO_PAD)
}

fn token(header: &Value, claims: &Value, secret: &str) -> String {
    let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = ring::hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", b64(tag.as_ref()))
}

fn kustomer_key() -> Value {
    json!([{"kid": null, "secret": SECRET}])
}

fn kustomer_token(claims: &Value) -> String {
    token(&json!({"alg": "HS256", "typ": "JWT"}), claims, SECRET)
}

fn outcome(response: &Value) -> String {
    match response["result"].as_str() {
        Some("reject") => format!("reject {}", response["reason"].as_str().unwrap_or("(no reason)")),
        Some(result) => result.to_string(),
        None => format!("{response}"),
    }
}

/// The faketime self-test: the library judges exp at the injected now, one token valid at one now
/// and expired at a later one, in one process (so the clock follows every request, both ways).
#[test]
fn exp_follows_the_injected_now() {
    let mut testee = Testee::wrapped();
    let jwt = kustomer_token(&json!({"externalId": "u-1", "iat": 1000, "exp": 1001}));
    assert_eq!(outcome(&testee.verify("kustomer", &jwt, kustomer_key(), 1000)), "accept");
    assert_eq!(outcome(&testee.verify("kustomer", &jwt, kustomer_key(), 1002)), "reject expired");
    assert_eq!(outcome(&testee.verify("kustomer", &jwt, kustomer_key(), 1000)), "accept");
    // A time before 1970 cannot be given to jsonwebtoken's clock: declined, not judged.
    assert_eq!(outcome(&testee.verify("kustomer", &jwt, kustomer_key(), -1)), "skip");
    // jsonwebtoken refuses only exp < now (src/validation.rs validate): at exactly exp it accepts,
    // a known failure (TIM-002); this pins that the adapter adds no exp check of its own.
    assert_eq!(outcome(&testee.verify("kustomer", &jwt, kustomer_key(), 1001)), "accept");
    let late = kustomer_token(&json!({"externalId": "u-1", "iat": 1_700_000_000, "nbf": 1_700_000_100}));
    assert_eq!(outcome(&testee.verify("kustomer", &late, kustomer_key(), 1_700_000_000)), "reject not-yet-valid");
    assert_eq!(outcome(&testee.verify("kustomer", &late, kustomer_key(), 1_700_000_100)), "accept");
}

/// Without libfaketime the injection cannot work, and the testee must say so instead of judging
/// tokens at the wall clock: the self-test fails and every verify is an error.
#[test]
fn without_libfaketime_every_verify_is_an_error() {
    let clock = std::env::temp_dir().join(format!("jsonwebtoken-testee-{}", std::process::id()));
    std::fs::write(&clock, "0\n").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_jsonwebtoken_testee"));
    command.env_remove("LD_PRELOAD").env("FAKETIME_TIMESTAMP_FILE", &clock);
    let mut testee = Testee::start(command);
    let jwt = kustomer_token(&json!({"externalId": "u-1", "iat": 1000, "exp": 1001}));
    let response = testee.verify("kustomer", &jwt, kustomer_key(), 1000);
    assert_eq!(response["result"], json!("error"), "{response}");
    assert!(response["message"].as_str().unwrap().contains("cannot inject now"), "{response}");
    let _ = std::fs::remove_file(&clock);
}

#[test]
fn reasons_where_certain() {
    let mut testee = Testee::wrapped();
    let now = 1_700_000_000;
    let good = json!({"externalId": "u-1", "iat": now});
    assert_eq!(outcome(&testee.verify("kustomer", &kustomer_token(&good), kustomer_key(), now)), "accept");
    let other_key = token(&json!({"alg": "HS256", "typ": "JWT"}), &good, "another-secret");
    assert_eq!(outcome(&testee.verify("kustomer", &other_key, kustomer_key(), now)), "reject bad-signature");
    let hs512 = token(&json!({"alg": "HS512", "typ": "JWT"}), &good, SECRET);
    assert_eq!(outcome(&testee.verify("kustomer", &hs512, kustomer_key(), now)), "reject algorithm-not-allowed");
    assert_eq!(outcome(&testee.verify("kustomer", "not-a-token", kustomer_key(), now)), "reject malformed");
    let typ = token(&json!({"alg": "HS256", "typ": "JOSE"}), &good, SECRET);
    assert_eq!(outcome(&testee.verify("kustomer", &typ, kustomer_key(), now)), "reject invalid-header");
    let no_iat = kustomer_token(&json!({"externalId": "u-1"}));
    assert_eq!(outcome(&testee.verify("kustomer", &no_iat, kustomer_key(), now)), "reject missing-claim");
    let old = kustomer_token(&json!({"externalId": "u-1", "iat": now - 901}));
    assert_eq!(outcome(&testee.verify("kustomer", &old, kustomer_key(), now)), "reject issued-at-out-of-window");
    let edge = kustomer_token(&json!({"externalId": "u-1", "iat": now - 900}));
    assert_eq!(outcome(&testee.verify("kustomer", &edge, kustomer_key(), now)), "accept");
    let iat_text = kustomer_token(&json!({"externalId": "u-1", "iat": "1700000000"}));
    assert_eq!(outcome(&testee.verify("kustomer", &iat_text, kustomer_key(), now)), "reject invalid-claim-type");
    let both = kustomer_token(&json!({"externalId": "u-1", "email": "a@example.com", "iat": now}));
    let response = testee.verify("kustomer", &both, kustomer_key(), now);
    assert_eq!(response["identity"], json!({"kind": "email", "value": "a@example.com"}), "{response}");
    let empty = kustomer_token(&json!({"externalId": "", "iat": now}));
    assert_eq!(outcome(&testee.verify("kustomer", &empty, kustomer_key(), now)), "reject invalid-claim-value");
    // A missing identity comes before an expired exp (claims stage before time stage).
    let nobody = kustomer_token(&json!({"iat": now, "exp": now - 10}));
    assert_eq!(outcome(&testee.verify("kustomer", &nobody, kustomer_key(), now)), "reject missing-claim");
}

#[test]
fn kid_is_ignored_when_the_profile_does_not_require_it() {
    // Kustomer does not require kid: a kid naming no key is ignored; the first key verifies.
    let mut testee = Testee::wrapped();
    let now = 1_700_000_000;
    let keys = json!([{"kid": null, "secret": SECRET}, {"kid": null, "secret": "replaced-secret"}]);
    let claims = json!({"externalId": "u-1", "iat": now});
    let named = token(&json!({"alg": "HS256", "kid": "previous"}), &claims, SECRET);
    assert_eq!(outcome(&testee.verify("kustomer", &named, keys.clone(), now)), "accept");
    let second = token(&json!({"alg": "HS256"}), &claims, "replaced-secret");
    assert_eq!(outcome(&testee.verify("kustomer", &second, keys, now)), "reject bad-signature");
}

#[test]
fn sunshine_selects_the_key_by_kid() {
    let mut testee = Testee::wrapped();
    let now = 1_700_000_000;
    let keys = json!([{"kid": "app_1", "secret": "first-secret"}, {"kid": "app_2", "secret": SECRET}]);
    let claims = json!({"external_id": "42", "scope": "user"});
    let signed = token(&json!({"alg": "HS256", "typ": "JWT", "kid": "app_2"}), &claims, SECRET);
    let response = testee.verify("sunshine", &signed, keys.clone(), now);
    assert_eq!(response["identity"], json!({"kind": "externalId", "value": "42"}), "{response}");
    let unknown = token(&json!({"alg": "HS256", "kid": "app_9"}), &claims, SECRET);
    assert_eq!(outcome(&testee.verify("sunshine", &unknown, keys.clone(), now)), "reject unknown-key");
    let no_kid = token(&json!({"alg": "HS256"}), &claims, SECRET);
    assert_eq!(outcome(&testee.verify("sunshine", &no_kid, keys.clone(), now)), "reject invalid-header");
    let wrong_key = token(&json!({"alg": "HS256", "kid": "app_1"}), &claims, SECRET);
    assert_eq!(outcome(&testee.verify("sunshine", &wrong_key, keys.clone(), now)), "reject bad-signature");
    let scope = token(&json!({"alg": "HS256", "kid": "app_2"}), &json!({"external_id": "42", "scope": "app"}), SECRET);
    assert_eq!(outcome(&testee.verify("sunshine", &scope, keys, now)), "reject invalid-claim-value");
}

#[test]
fn signs_what_it_then_accepts() {
    let mut testee = Testee::wrapped();
    let response = testee.ask(&json!({
        "op": "sign", "id": "S-1", "profile": "sunshine", "key": {"kid": "app_1", "secret": SECRET},
        "subject": {"externalId": "42", "email": null}, "now": 1_700_000_000, "lifetime": 600,
    }));
    assert_eq!(response["id"], json!("S-1"));
    let jwt = response["token"].as_str().expect("a token").to_string();
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: Value = serde_json::from_slice(&base64::decode_config(parts[0], base64::URL_SAFE_NO_PAD).unwrap()).unwrap();
    let claims: Value = serde_json::from_slice(&base64::decode_config(parts[1], base64::URL_SAFE_NO_PAD).unwrap()).unwrap();
    assert_eq!(header, json!({"alg": "HS256", "typ": "JWT", "kid": "app_1"}));
    assert_eq!(claims, json!({"external_id": "42", "scope": "user", "iat": 1_700_000_000, "exp": 1_700_000_600}));
    let expected = token(&header, &claims, SECRET);
    let keys = json!([{"kid": "app_1", "secret": SECRET}]);
    assert_eq!(outcome(&testee.verify("sunshine", &jwt, keys.clone(), 1_700_000_000)), "accept");
    assert_eq!(outcome(&testee.verify("sunshine", &expected, keys, 1_700_000_601)), "reject expired");
}

#[test]
fn bad_requests_are_answered_and_the_testee_goes_on() {
    let mut testee = Testee::wrapped();
    assert_eq!(testee.ask(&json!({"op": "refresh", "id": "X-1"}))["result"], json!("skip"));
    assert_eq!(testee.ask(&json!({"op": "verify", "id": "X-2", "profile": "other", "token": "a.b.c", "keys": [], "now": 1}))["result"], json!("skip"));
    let no_now = testee.ask(&json!({"op": "verify", "id": "X-3", "profile": "kustomer", "token": "a.b.c", "keys": []}));
    assert_eq!(no_now["result"], json!("error"), "{no_now}");
    assert_eq!(testee.send("this is not JSON")["result"], json!("error"));
    let jwt = kustomer_token(&json!({"externalId": "u-1", "iat": 1000}));
    assert_eq!(outcome(&testee.verify("kustomer", &jwt, kustomer_key(), 1000)), "accept");
}

/// The repository's profiles, plus acme (Kustomer's rules with the identity claim renamed to user_id
/// and typ required) and broken (a member no loader knows), in a new folder.
fn synthetic_profiles() -> std::path::PathBuf {
    let folder = std::env::temp_dir().join(format!("jsonwebtoken-testee-profiles-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Vectors/profiles");
    let read = |name: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(root.join(format!("{name}.json"))).unwrap()).unwrap() };
    let write = |name: &str, document: &Value| std::fs::write(folder.join(format!("{name}.json")), document.to_string()).unwrap();
    write("kustomer", &read("kustomer"));
    write("sunshine", &read("sunshine"));
    let mut acme = read("kustomer");
    acme["id"] = json!("acme");
    acme["identityClaims"] = json!([{"claim": "user_id", "kind": "externalId"}]);
    acme["header"]["typRequired"] = json!(true);
    write("acme", &acme);
    acme["id"] = json!("broken");
    acme["expiration"] = json!({"honoured": true, "required": false, "leeway": 30});
    write("broken", &acme);
    folder
}

#[test]
fn profiles_come_from_the_data_files() {
    let folder = synthetic_profiles();
    let mut command = Command::new("bash");
    command.arg(concat!(env!("CARGO_MANIFEST_DIR"), "/jsonwebtoken_testee.sh")).env("JWT_CONFORMANCE_PROFILES", &folder);
    let mut testee = Testee::start(command);
    assert_eq!(testee.ask(&json!({"op": "hello", "protocol": 1}))["profiles"], json!(["acme", "kustomer", "sunshine"]));
    let now = 1_700_000_000;
    let claims = json!({"user_id": "u-7", "iat": now - 10});
    let accepted = testee.verify("acme", &token(&json!({"alg": "HS256", "typ": "JWT"}), &claims, SECRET), kustomer_key(), now);
    assert_eq!(accepted["identity"], json!({"kind": "externalId", "value": "u-7"}), "{accepted}");
    let no_typ = testee.verify("acme", &token(&json!({"alg": "HS256"}), &claims, SECRET), kustomer_key(), now);
    assert_eq!(no_typ["reason"], json!("invalid-header"), "{no_typ}");
    let old = json!({"externalId": "u-7", "iat": now - 10});
    let renamed = testee.verify("acme", &token(&json!({"alg": "HS256", "typ": "JWT"}), &old, SECRET), kustomer_key(), now);
    assert_eq!(renamed["reason"], json!("missing-claim"), "{renamed}");
    let kustomer = testee.verify("kustomer", &token(&json!({"alg": "HS256"}), &old, SECRET), kustomer_key(), now);
    assert_eq!(kustomer["result"], json!("accept"), "{kustomer}");
    let broken = testee.verify("broken", &token(&json!({"alg": "HS256", "typ": "JWT"}), &claims, SECRET), kustomer_key(), now);
    assert_eq!(broken["result"], json!("skip"), "{broken}");
    let signed = testee.ask(&json!({"op": "sign", "id": "s", "profile": "acme", "key": {"kid": null, "secret": SECRET},
        "subject": {"externalId": "u-8", "email": null}, "now": now}));
    let payload = signed["token"].as_str().unwrap().split('.').nth(1).unwrap().to_string();
    let payload: Value = serde_json::from_slice(&base64::decode_config(payload, base64::URL_SAFE_NO_PAD).unwrap()).unwrap();
    assert_eq!(payload["user_id"], json!("u-8"));
    assert!(payload.get("externalId").is_none());
    drop(testee);
    std::fs::remove_dir_all(folder).unwrap();
}

#[test]
fn the_repository_profiles_are_declared() {
    let mut testee = Testee::wrapped();
    let hello = testee.ask(&json!({"op": "hello", "protocol": 1}));
    let declared: Vec<&str> = hello["profiles"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(declared.contains(&"kustomer") && declared.contains(&"sunshine"), "{hello}");
}
