//! jwt-conformance testee (protocol version 1, PROTOCOL.md) for the `jsonwebtoken` crate 8.x, as
//! Debian packages it (librust-jsonwebtoken-dev), built offline against /usr/share/cargo/registry by
//! Adapters/rust/build.sh and started by Adapters/rust/jsonwebtoken_testee.sh.
//!
//! What jsonwebtoken does here (its own code, its own deviations):
//!   - parsing: the compact form (`decode_header`, `decode`: two `rsplitn` on '.'), base64url
//!     (the base64 crate, URL_SAFE_NO_PAD), JSON (serde_json) of the header, into its typed
//!     `Header`, and of the claims;
//!   - the alg allow-list: `Validation::new(Algorithm::HS256)`;
//!   - HMAC-SHA-256 with the secret's UTF-8 bytes as the key (`DecodingKey::from_secret`);
//!   - exp and nbf at the request's now (`validate`), with `leeway = 0`, `validate_nbf = true`,
//!     and no required claim (`required_spec_claims` empty: the profiles honour exp, never require it).
//!
//! What this adapter adds, as Adapters/python/testee_common.py does for the Python testees, each from
//! the profile's data file (Vectors/profiles/*.json, read by `load_profiles`): typ the profile's
//! ("JWT") when present, and present when typRequired; kid present when keyIdRequired (Sunshine);
//! key selection by kid; identity claims in the profile's precedence (JSON strings, non-empty;
//! Kustomer email before externalId); the scope rule (Sunshine scope "user"); a required iat
//! (Kustomer) or exp; the iat window (Kustomer: now - 900 <= iat <= now + 900): jsonwebtoken never
//! reads iat.
//!
//! How now is injected: jsonwebtoken reads the wall clock (`get_current_timestamp`: SystemTime::now)
//! and has no clock option, so the process runs under Debian's libfaketime (LD_PRELOAD, set by
//! jsonwebtoken_testee.sh) with FAKETIME_NO_CACHE=1, FAKETIME_FMT=%s and FAKETIME_TIMESTAMP_FILE: the
//! adapter writes each request's now into that file before calling the library, which freezes the
//! faked clock there. Each verify then checks that the clock reads exactly now, and a start-up
//! self-test checks that the library itself judges exp at the injected time (a token with exp 1001
//! is accepted at 1000 and expired at 1002; jsonwebtoken accepts it at 1001, its exp is inclusive).
//! If either fails, verify requests are answered error.
//!
//! Errors are mapped to the suite's reasons only where certain (see `library_reason`); otherwise the
//! rejection carries no reason.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::errors::{Error as JwtError, ErrorKind};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Map, Value};

/// The library's version, from the Debian package (build.sh).
const LIBRARY_VERSION: &str = match option_env!("JSONWEBTOKEN_VERSION") {
    Some(version) => version,
    None => "unknown",
};

// --- answers -------------------------------------------------------------------------------------

/// Why a request is not answered with a verdict or a token.
enum Failure {
    /// result: error
    Error(String),
    /// result: skip
    Skip(String),
}

/// A refused token: a reason from the vocabulary, or None when unknown.
struct Rejection {
    reason: Option<&'static str>,
    message: String,
}

fn reject(reason: Option<&'static str>, message: impl Into<String>) -> Rejection {
    Rejection { reason, message: message.into() }
}

/// The stage of each reason (Sources/JWTReference/Model/Vocabulary.swift); 99 when unknown.
fn stage(reason: Option<&str>) -> u32 {
    match reason {
        Some("malformed") => 1,
        Some("algorithm-not-allowed") | Some("invalid-header") => 2,
        Some("unknown-key") => 3,
        Some("bad-signature") => 4,
        Some("missing-claim") | Some("invalid-claim-type") | Some("invalid-claim-value") => 5,
        Some("expired") | Some("not-yet-valid") | Some("issued-at-out-of-window") => 6,
        _ => 99,
    }
}

// --- profiles ------------------------------------------------------------------------------------
//
// Read from the data files Vectors/profiles/*.json (shape: Vectors/schema/profile.schema.json), or
// from the folder $JWT_CONFORMANCE_PROFILES names. A file with a member this loader does not know, a
// value of the wrong type, or a rule the adapters leave to their library in a form no library here
// is configured for, is not loaded: a note on stderr names the file and the member, and the profile
// is not declared in hello (Adapters/README.md).

struct Profile {
    name: String,
    /// the typ a signer writes and a verifier accepts when present, if any
    typ: Option<String>,
    /// a header without typ is refused (only with typ)
    typ_required: bool,
    kid_required: bool,
    /// (claim, identity kind), in precedence order: the first present one wins.
    identity_claims: Vec<(String, String)>,
    /// (claim, required value), if any
    scope: Option<(String, String)>,
    iat_required: bool,
    /// (maximum age, maximum future skew) of iat in seconds, both inclusive
    iat_window: Option<(i64, i64)>,
    exp_required: bool,
}

const PROFILES_ENV: &str = "JWT_CONFORMANCE_PROFILES";

fn profile_from_json(top: &Value, place: &str) -> Result<Profile, String> {
    let fail = |member: &str, problem: &str| format!("{place}: member {member:?} {problem}");
    let object = |value: &'_ Value, member: &str, known: &[&str], required: &[&str]| -> Result<Map<String, Value>, String> {
        let map = value.as_object().ok_or_else(|| fail(member, "must be an object"))?;
        let path = |name: &str| if member.is_empty() { name.to_string() } else { format!("{member}.{name}") };
        for name in map.keys() {
            if !known.contains(&name.as_str()) {
                return Err(fail(&path(name), "is not known to this adapter, which cannot honour it"));
            }
        }
        for name in required {
            if !map.contains_key(*name) {
                return Err(fail(&path(name), "is missing"));
            }
        }
        Ok(map.clone())
    };
    let string = |value: &Value, member: &str| value.as_str().map(str::to_string).ok_or_else(|| fail(member, "must be a string"));
    let boolean = |value: &Value, member: &str| value.as_bool().ok_or_else(|| fail(member, "must be a boolean"));
    let strings = |value: &Value, member: &str| -> Result<Vec<String>, String> {
        let items = value.as_array().ok_or_else(|| fail(member, "must be an array of strings"))?;
        items.iter().map(|item| string(item, member)).collect()
    };
    let top = object(
        top,
        "",
        &["$schema", "id", "title", "sources", "algorithms", "header", "identityClaims", "scope", "issuedAt", "expiration", "notBefore", "name", "idPrefix", "session"],
        &["id", "title", "sources", "algorithms", "header", "identityClaims", "expiration", "notBefore"],
    )?;
    let name = string(&top["id"], "id")?;
    if name.is_empty() {
        return Err(fail("id", "must not be empty"));
    }
    let algorithms = strings(&top["algorithms"], "algorithms")?;
    if algorithms != ["HS256"] {
        return Err(fail("algorithms", &format!("is {algorithms:?}: the adapters restrict their library to HS256 and support exactly [\"HS256\"]")));
    }
    let header = object(
        &top["header"],
        "header",
        &["typ", "typRequired", "keyIdRequired", "understoodCriticalParameters"],
        &["typRequired", "keyIdRequired", "understoodCriticalParameters"],
    )?;
    let typ = match header.get("typ") {
        None | Some(Value::Null) => None,
        Some(value) => Some(string(value, "header.typ")?),
    };
    let critical = strings(&header["understoodCriticalParameters"], "header.understoodCriticalParameters")?;
    if !critical.is_empty() {
        return Err(fail(
            "header.understoodCriticalParameters",
            &format!("is {critical:?}: crit is the library's check, and no library here is told of understood extensions"),
        ));
    }
    let claims = top["identityClaims"].as_array().ok_or_else(|| fail("identityClaims", "must be an array"))?;
    let mut identity_claims = Vec::new();
    for (index, value) in claims.iter().enumerate() {
        let member = format!("identityClaims[{index}]");
        let rule = object(value, &member, &["claim", "kind"], &["claim", "kind"])?;
        let kind = string(&rule["kind"], &format!("{member}.kind"))?;
        if kind != "email" && kind != "externalId" {
            return Err(fail(&format!("{member}.kind"), &format!("is {kind:?}, not \"email\" or \"externalId\"")));
        }
        identity_claims.push((string(&rule["claim"], &format!("{member}.claim"))?, kind));
    }
    let scope = match top.get("scope") {
        None | Some(Value::Null) => None,
        Some(value) => {
            let rule = object(value, "scope", &["claim", "value"], &["claim", "value"])?;
            Some((string(&rule["claim"], "scope.claim")?, string(&rule["value"], "scope.value")?))
        }
    };
    let (iat_required, iat_window) = match top.get("issuedAt") {
        None | Some(Value::Null) => (false, None),
        Some(value) => {
            let rule = object(value, "issuedAt", &["required", "maximumAge", "maximumFutureSkew"], &["required", "maximumAge", "maximumFutureSkew"])?;
            let bound = |name: &str| rule[name].as_i64().ok_or_else(|| fail(&format!("issuedAt.{name}"), "must be a 64-bit integer"));
            (boolean(&rule["required"], "issuedAt.required")?, Some((bound("maximumAge")?, bound("maximumFutureSkew")?)))
        }
    };
    let expiration = object(&top["expiration"], "expiration", &["honoured", "required"], &["honoured", "required"])?;
    if !boolean(&expiration["honoured"], "expiration.honoured")? {
        return Err(fail("expiration.honoured", "is false: exp is the library's check, which no library here can switch off"));
    }
    let not_before = object(&top["notBefore"], "notBefore", &["honoured"], &["honoured"])?;
    if !boolean(&not_before["honoured"], "notBefore.honoured")? {
        return Err(fail("notBefore.honoured", "is false: nbf is the library's check, which no library here can switch off"));
    }
    Ok(Profile {
        name,
        typ,
        typ_required: boolean(&header["typRequired"], "header.typRequired")?,
        kid_required: boolean(&header["keyIdRequired"], "header.keyIdRequired")?,
        identity_claims,
        scope,
        iat_required,
        iat_window,
        exp_required: boolean(&expiration["required"], "expiration.required")?,
    })
}

/// $JWT_CONFORMANCE_PROFILES, or the repository's Vectors/profiles found from the executable
/// (Adapters/rust/target/release/jsonwebtoken_testee).
fn profiles_folder() -> std::path::PathBuf {
    if let Some(folder) = std::env::var_os(PROFILES_ENV).filter(|folder| !folder.is_empty()) {
        return folder.into();
    }
    match std::env::current_exe() {
        Ok(executable) => executable.ancestors().nth(5).map(|root| root.join("Vectors").join("profiles")).unwrap_or_default(),
        Err(_) => "Vectors/profiles".into(),
    }
}

/// Every profile file of folder this adapter can honour, by id; a note on stderr for each left out.
fn load_profiles(folder: &std::path::Path) -> std::collections::BTreeMap<String, Profile> {
    let mut profiles = std::collections::BTreeMap::new();
    let mut paths: Vec<std::path::PathBuf> = match std::fs::read_dir(folder) {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().map_or(false, |extension| extension == "json"))
            .collect(),
        Err(error) => {
            eprintln!("profiles: cannot read the folder {}: {error}; no profile is declared", folder.display());
            return profiles;
        }
    };
    paths.sort();
    for path in paths {
        let place = path.display().to_string();
        let loaded = std::fs::read_to_string(&path)
            .map_err(|error| format!("{place} is not read: {error}"))
            .and_then(|text| serde_json::from_str::<Value>(&text).map_err(|error| format!("{place} is not JSON: {error}")))
            .and_then(|document| profile_from_json(&document, &place));
        match loaded {
            Err(problem) => eprintln!("profiles: {problem}; the profile is not declared"),
            Ok(profile) if profiles.contains_key(&profile.name) => {
                eprintln!("profiles: {place} repeats the id {:?}; it is not declared", profile.name)
            }
            Ok(profile) => {
                profiles.insert(profile.name.clone(), profile);
            }
        }
    }
    profiles
}

#[derive(Clone)]
struct Key {
    kid: Option<String>,
    secret: String,
}

// --- the clock -----------------------------------------------------------------------------------

/// The request's now, given to the process's clock through libfaketime's timestamp file.
struct Clock {
    file: Option<String>,
}

impl Clock {
    fn from_environment() -> Clock {
        Clock { file: std::env::var("FAKETIME_TIMESTAMP_FILE").ok().filter(|path| !path.is_empty()) }
    }

    /// Sets the faked clock to `now` and checks that the process reads exactly `now`.
    fn set(&self, now: i64) -> Result<(), String> {
        let file = self.file.as_ref().ok_or_else(|| {
            "FAKETIME_TIMESTAMP_FILE is not set: run the testee through Adapters/rust/jsonwebtoken_testee.sh".to_string()
        })?;
        std::fs::write(file, format!("{now}\n")).map_err(|error| format!("cannot write the faketime file {file}: {error}"))?;
        let read = SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_secs() as i64);
        match read {
            Ok(seconds) if seconds == now => Ok(()),
            Ok(seconds) => Err(format!("libfaketime did not take effect: the clock reads {seconds}, not the injected now {now}")),
            Err(_) => Err(format!("libfaketime did not take effect: the clock reads a time before 1970, not {now}")),
        }
    }
}

/// The profile's validation, as jsonwebtoken takes it. `times` false: the structure, alg and
/// signature only (the claim rules of the profile come before exp and nbf).
fn validation(times: bool) -> Validation {
    let mut validation = Validation::new(Algorithm::HS256); // algorithms = [HS256], nothing else
    validation.required_spec_claims = HashSet::new(); // default {"exp"}: exp is honoured, not required
    validation.leeway = 0; // default 60 s of grace after exp and before nbf; the profiles have none
    validation.validate_exp = times; // default true
    validation.validate_nbf = times; // default false: nbf would be ignored
    // aud, iss and sub stay None: the profiles have no rule for them.
    validation
}

/// The start-up self-test: jsonwebtoken judges exp at the injected time.
fn self_test(clock: &Clock) -> Option<String> {
    let secret = b"clock-self-test-secret-0123456789";
    let token = match jsonwebtoken::encode(&Header::new(Algorithm::HS256), &json!({"exp": 1001}), &EncodingKey::from_secret(secret)) {
        Ok(token) => token,
        Err(error) => return Some(format!("cannot sign the clock self-test token: {error}")),
    };
    let decode = || jsonwebtoken::decode::<Value>(&token, &DecodingKey::from_secret(secret), &validation(true));
    let problem = "cannot inject now into jsonwebtoken";
    if let Err(error) = clock.set(1000) {
        return Some(format!("{problem}: {error}"));
    }
    if let Err(error) = decode() {
        return Some(format!("{problem}: exp 1001 refused at 1000: {error}"));
    }
    if let Err(error) = clock.set(1002) {
        return Some(format!("{problem}: {error}"));
    }
    match decode() {
        Ok(_) => Some(format!("{problem}: exp 1001 accepted at 1002")),
        Err(error) if matches!(error.kind(), ErrorKind::ExpiredSignature) => None,
        Err(error) => Some(format!("{problem}: exp 1001 at 1002 refused for another reason: {error}")),
    }
}

// --- adapter rules -------------------------------------------------------------------------------

fn same_media_type(value: &str, expected: &str) -> bool {
    let normalized = |text: &str| {
        let text = if text.contains('/') { text.to_string() } else { format!("application/{text}") };
        text.to_ascii_lowercase()
    };
    normalized(value) == normalized(expected)
}

/// The profile's header rules, on the header as jsonwebtoken read it (its `Header`: typ and kid are
/// `Option<String>`, so a member that is JSON null reads as absent).
fn check_header(header: &Header, profile: &Profile) -> Option<Rejection> {
    if let Some(expected) = &profile.typ {
        match &header.typ {
            Some(typ) if !same_media_type(typ, expected) => {
                return Some(reject(Some("invalid-header"), format!("typ {typ:?} is not {expected:?}")));
            }
            None if profile.typ_required => {
                return Some(reject(Some("invalid-header"), format!("the header has no typ (expected {expected:?})")));
            }
            _ => {}
        }
    }
    if profile.kid_required && header.kid.is_none() {
        return Some(reject(Some("invalid-header"), "Missing key id (kid)"));
    }
    None
}

/// When the profile requires kid, the kid naming a key selects it and nothing else does. Otherwise
/// the token does not name its key: kid is ignored and the key set's first key is used
/// (AMB-IC-KEYS: the first, current secret is the one required).
fn select_key<'a>(header: &Header, keys: &'a [Key], profile: &Profile) -> Result<&'a Key, Rejection> {
    if keys.is_empty() {
        return Err(reject(Some("unknown-key"), "the key set is empty"));
    }
    if !profile.kid_required {
        return Ok(&keys[0]);
    }
    let kid = match &header.kid {
        Some(kid) => kid,
        None => return Err(reject(Some("unknown-key"), "no key can be selected without a kid")),
    };
    keys.iter()
        .find(|key| key.kid.as_deref() == Some(kid.as_str()))
        .ok_or_else(|| reject(Some("unknown-key"), format!("no key has kid {kid:?}")))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn resolve_identity(claims: &Map<String, Value>, profile: &Profile) -> Result<Value, Rejection> {
    let mut identity = None;
    for (claim, kind) in &profile.identity_claims {
        let value = match claims.get(claim) {
            Some(value) => value,
            None => continue,
        };
        let text = match value {
            Value::String(text) => text,
            _ => return Err(reject(Some("invalid-claim-type"), format!("claim {claim:?} is {}, not a string", json_type(value)))),
        };
        if text.is_empty() {
            return Err(reject(Some("invalid-claim-value"), format!("claim {claim:?} is an empty string")));
        }
        if identity.is_none() {
            identity = Some(json!({"kind": kind, "value": text}));
        }
    }
    identity.ok_or_else(|| reject(Some("missing-claim"), "the payload has none of the profile's identity claims"))
}

fn check_scope(claims: &Map<String, Value>, profile: &Profile) -> Result<(), Rejection> {
    let (claim, required) = match &profile.scope {
        Some(scope) => scope,
        None => return Ok(()),
    };
    match claims.get(claim) {
        None => Err(reject(Some("missing-claim"), format!("the payload has no {claim:?} claim"))),
        Some(Value::String(text)) if text == required => Ok(()),
        Some(Value::String(text)) => Err(reject(Some("invalid-claim-value"), format!("claim {claim:?} is {text:?}, not {required:?}"))),
        Some(value) => Err(reject(Some("invalid-claim-type"), format!("claim {claim:?} is {}, not a string", json_type(value)))),
    }
}

/// The profile's iat window (Kustomer: 900 s either side). jsonwebtoken never reads iat, so the adapter applies the profile's
/// NumericDate: a JSON number, as serde_json (the library's JSON parser) read it.
fn check_iat_window(claims: &Map<String, Value>, profile: &Profile, now: i64) -> Result<(), Rejection> {
    let (max_age, max_future) = match profile.iat_window {
        Some(window) => window,
        None => return Ok(()),
    };
    let value = match claims.get("iat") {
        Some(value) => value,
        None => return Ok(()), // a missing required iat was refused before
    };
    let iat = match value.as_f64() {
        Some(iat) => iat,
        None => return Err(reject(Some("invalid-claim-type"), format!("iat is {}, not a NumericDate", json_type(value)))),
    };
    let earliest = now.saturating_sub(max_age);
    let latest = now.saturating_add(max_future);
    if !(earliest as f64 <= iat) {
        return Err(reject(Some("issued-at-out-of-window"), format!("iat {iat} is more than {max_age} s before now ({now})")));
    }
    if !(iat <= latest as f64) {
        return Err(reject(Some("issued-at-out-of-window"), format!("iat {iat} is more than {max_future} s after now ({now})")));
    }
    Ok(())
}

// --- jsonwebtoken --------------------------------------------------------------------------------

/// The reason of a jsonwebtoken error, where it is certain.
fn library_reason(error: &JwtError) -> Option<&'static str> {
    match error.kind() {
        // decoding.rs expect_two!: fewer than three segments; serialization.rs b64_decode: a header
        // or payload segment that is not base64url; text that is not UTF-8.
        ErrorKind::InvalidToken | ErrorKind::Base64(_) | ErrorKind::Utf8(_) => Some("malformed"),
        // A JSON error is no certain reason, not even one serde_json classifies as Syntax: it
        // reports an alg that is not a string (an enum from another JSON type) as "expected value",
        // and validation.rs TryParse, which swallows the error of a claim it cannot read in the
        // middle of the stream, leaves the parser inside that value ("expected `,` or `}`").
        ErrorKind::Json(_) => None,
        // decoding.rs verify_signature: the header's alg is not in Validation::algorithms.
        ErrorKind::InvalidAlgorithm => Some("algorithm-not-allowed"),
        ErrorKind::InvalidSignature => Some("bad-signature"),
        // validation.rs validate (exp and nbf that it reads as a number; others are ignored).
        ErrorKind::ExpiredSignature => Some("expired"),
        ErrorKind::ImmatureSignature => Some("not-yet-valid"),
        _ => None,
    }
}

fn library_rejection(error: JwtError) -> Rejection {
    reject(library_reason(&error), format!("jsonwebtoken: {error} ({:?})", error.kind()))
}

fn verify(profile: &Profile, token: &str, keys: &[Key], now: i64, clock: &Clock) -> Result<Result<Value, Rejection>, Failure> {
    if now < 0 {
        // A time jsonwebtoken's clock cannot hold: declined, as PROTOCOL.md says a testee declines what it cannot do.
        return Err(Failure::Skip(format!("now {now} is before 1970: jsonwebtoken's clock (get_current_timestamp) cannot read it")));
    }
    clock.set(now).map_err(Failure::Error)?;
    Ok(verify_at_now(profile, token, keys, now))
}

fn verify_at_now(profile: &Profile, token: &str, keys: &[Key], now: i64) -> Result<Value, Rejection> {
    let header = jsonwebtoken::decode_header(token).map_err(library_rejection)?;
    let header_defect = check_header(&header, profile);
    let selected = select_key(&header, keys, profile);
    let secret: &[u8] = match &selected {
        Ok(key) => key.secret.as_bytes(),
        Err(_) => b"\0no key matches this token\0",
    };
    let key = DecodingKey::from_secret(secret);
    let claims = match jsonwebtoken::decode::<Value>(token, &key, &validation(false)) {
        Err(error) => {
            let rejection = library_rejection(error);
            if stage(rejection.reason) <= 2 {
                return Err(rejection);
            }
            if let Some(defect) = header_defect {
                return Err(defect);
            }
            selected?;
            return Err(rejection);
        }
        Ok(data) => data.claims,
    };
    if let Some(defect) = header_defect {
        return Err(defect);
    }
    selected?;
    let claims = match claims {
        Value::Object(claims) => claims,
        other => return Err(reject(Some("malformed"), format!("the payload is {}, not a JSON object", json_type(&other)))),
    };
    let identity = resolve_identity(&claims, profile)?;
    check_scope(&claims, profile)?;
    if profile.iat_required && !claims.contains_key("iat") {
        return Err(reject(Some("missing-claim"), "the payload has no \"iat\" claim"));
    }
    if profile.exp_required && !claims.contains_key("exp") {
        return Err(reject(Some("missing-claim"), "the payload has no \"exp\" claim"));
    }
    jsonwebtoken::decode::<Value>(token, &key, &validation(true)).map_err(library_rejection)?;
    check_iat_window(&claims, profile, now)?;
    Ok(identity)
}

fn sign(profile: &Profile, key: &Key, subject: &Map<String, Value>, now: i64, lifetime: Option<i64>) -> Result<String, Failure> {
    let mut claims = Map::new();
    for (claim, kind) in &profile.identity_claims {
        match subject.get(kind) {
            None | Some(Value::Null) => {}
            Some(Value::String(text)) if text.is_empty() => {
                return Err(Failure::Error(format!("the subject's identifier for claim {claim:?} is empty")))
            }
            Some(Value::String(text)) => {
                claims.insert(claim.to_string(), Value::String(text.clone()));
            }
            Some(_) => return Err(Failure::Error(format!("subject.{kind} must be a string or null"))),
        }
    }
    if claims.is_empty() {
        return Err(Failure::Error("the subject has no identifier the profile has a claim for".into()));
    }
    if let Some((claim, value)) = &profile.scope {
        claims.insert(claim.clone(), Value::String(value.clone()));
    }
    claims.insert("iat".into(), json!(now));
    if let Some(lifetime) = lifetime {
        if lifetime <= 0 {
            return Err(Failure::Error(format!("lifetime {lifetime} must be positive")));
        }
        let exp = now.checked_add(lifetime).ok_or_else(|| Failure::Error("now + lifetime overflows".into()))?;
        claims.insert("exp".into(), json!(exp));
    }
    let mut header = Header::new(Algorithm::HS256); // {"alg":"HS256","typ":"JWT"}
    header.typ = profile.typ.clone();
    if profile.kid_required {
        let kid = key.kid.clone().ok_or_else(|| Failure::Error("the profile requires a key id (kid) and the key has none".into()))?;
        header.kid = Some(kid);
    }
    jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(key.secret.as_bytes()))
        .map_err(|error| Failure::Error(format!("jsonwebtoken cannot sign: {error}")))
}

// --- requests ------------------------------------------------------------------------------------

fn integer(request: &Map<String, Value>, name: &str, required: bool) -> Result<Option<i64>, Failure> {
    match request.get(name) {
        None | Some(Value::Null) if required => {
            Err(Failure::Error(format!("the request has no {name:?} (a testee never reads the wall clock)")))
        }
        None | Some(Value::Null) => Ok(None),
        Some(value) => value.as_i64().map(Some).ok_or_else(|| Failure::Error(format!("{name:?} must be an integer"))),
    }
}

fn read_profile<'a>(profiles: &'a std::collections::BTreeMap<String, Profile>, request: &Map<String, Value>) -> Result<&'a Profile, Failure> {
    let name = match request.get("profile") {
        Some(Value::String(name)) => name,
        _ => return Err(Failure::Error("the request has no profile".into())),
    };
    profiles.get(name).ok_or_else(|| Failure::Skip(format!("profile {name:?} is not implemented by this testee")))
}

fn read_key(value: Option<&Value>, place: &str) -> Result<Key, Failure> {
    let object = match value {
        Some(Value::Object(object)) => object,
        _ => return Err(Failure::Error(format!("{place} must be an object"))),
    };
    let secret = match object.get("secret") {
        Some(Value::String(secret)) => secret,
        _ => return Err(Failure::Error(format!("{place}.secret must be a string"))),
    };
    let kid = match object.get("kid") {
        None | Some(Value::Null) => None,
        Some(Value::String(kid)) => Some(kid.clone()),
        Some(_) => return Err(Failure::Error(format!("{place}.kid must be a string or null"))),
    };
    Ok(Key { kid, secret: secret.clone() })
}

struct Testee {
    clock: Clock,
    clock_problem: Option<String>,
    profiles: std::collections::BTreeMap<String, Profile>,
}

impl Testee {
    fn handle(&self, request: &Map<String, Value>) -> Result<Value, Failure> {
        let id = request.get("id").cloned().unwrap_or(Value::Null);
        match request.get("op").and_then(Value::as_str) {
            Some("hello") => {
                if request.get("protocol").and_then(Value::as_i64) != Some(1) {
                    return Err(Failure::Error("only protocol 1 is supported".into()));
                }
                Ok(json!({
                    "ok": true, "protocol": 1,
                    "implementation": {"name": "jsonwebtoken", "version": LIBRARY_VERSION, "language": "rust"},
                    "roles": ["verifier", "signer"],
                    "profiles": self.profiles.keys().collect::<Vec<_>>(),
                }))
            }
            Some("verify") => {
                let profile = read_profile(&self.profiles, request)?;
                let token = match request.get("token") {
                    Some(Value::String(token)) => token,
                    _ => return Err(Failure::Error("'token' must be a string".into())),
                };
                let raw_keys = match request.get("keys") {
                    Some(Value::Array(raw_keys)) => raw_keys,
                    _ => return Err(Failure::Error("'keys' must be an array".into())),
                };
                let keys = raw_keys
                    .iter()
                    .enumerate()
                    .map(|(index, raw)| read_key(Some(raw), &format!("keys[{index}]")))
                    .collect::<Result<Vec<_>, _>>()?;
                let now = integer(request, "now", true)?.expect("required");
                if let Some(problem) = &self.clock_problem {
                    return Err(Failure::Error(problem.clone()));
                }
                Ok(match verify(profile, token, &keys, now, &self.clock)? {
                    Ok(identity) => json!({"id": id, "result": "accept", "identity": identity}),
                    Err(rejection) => {
                        let mut response = json!({"id": id, "result": "reject", "message": rejection.message});
                        if let Some(reason) = rejection.reason {
                            response["reason"] = json!(reason);
                        }
                        response
                    }
                })
            }
            Some("sign") => {
                let profile = read_profile(&self.profiles, request)?;
                let key = read_key(request.get("key"), "key")?;
                let empty = Map::new();
                let subject = match request.get("subject") {
                    None | Some(Value::Null) => &empty,
                    Some(Value::Object(subject)) => subject,
                    Some(_) => return Err(Failure::Error("'subject' must be an object".into())),
                };
                let now = integer(request, "now", true)?.expect("required");
                let lifetime = integer(request, "lifetime", false)?;
                let token = sign(profile, &key, subject, now, lifetime)?;
                Ok(json!({"id": id, "token": token}))
            }
            Some(op) => Err(Failure::Skip(format!("unknown op {op:?}"))),
            None => Err(Failure::Error("the request has no op".into())),
        }
    }

    fn answer(&self, line: &str) -> Value {
        let request: Map<String, Value> = match serde_json::from_str(line) {
            Ok(request) => request,
            Err(error) => return json!({"id": null, "result": "error", "message": format!("the request line is not a JSON object: {error}")}),
        };
        let id = match request.get("id") {
            Some(id @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => id.clone(),
            _ => Value::Null,
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle(&request)));
        match outcome {
            Ok(Ok(response)) => response,
            Ok(Err(Failure::Error(message))) => json!({"id": id, "result": "error", "message": message}),
            Ok(Err(Failure::Skip(message))) => json!({"id": id, "result": "skip", "message": message}),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|text| text.to_string()))
                    .unwrap_or_else(|| "a panic".into());
                json!({"id": id, "result": "error", "message": format!("panic: {message}")})
            }
        }
    }
}

fn main() {
    let clock = Clock::from_environment();
    let clock_problem = self_test(&clock);
    if let Some(problem) = &clock_problem {
        eprintln!("{problem}");
    }
    let profiles = load_profiles(&profiles_folder());
    let testee = Testee { clock, clock_problem, profiles };
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().split(b'\n') {
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                eprintln!("cannot read stdin: {error}");
                return;
            }
        };
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        let response = testee.answer(text.trim_end_matches('\r'));
        if writeln!(stdout, "{response}").and_then(|_| stdout.flush()).is_err() {
            return;
        }
    }
}
