// jwt-conformance testee (protocol version 1, PROTOCOL.md) for cpp-jwt, as Debian packages it
// (libcpp-jwt-dev, header-only, on nlohmann-json3-dev and OpenSSL), built by Adapters/cpp/build.sh and
// started by Adapters/cpp/cpp_jwt_testee.sh.
//
// What cpp-jwt does here (its own code, its own deviations), all in jwt::decode:
//   - parsing: the compact form (dot count, jwt_object::three_parts), base64url (jwt/base64.hpp
//     base64_uri_decode), JSON (nlohmann::json::parse) of the header and the claims;
//   - the header's alg (required) and typ (when present, "JWT" in any case);
//   - the alg allow-list: jwt::params::algorithms({"HS256"});
//   - exp and nbf (always when present; leeway(0)), and a required iat (validate_iat(true), Kustomer),
//     at the request's now, then HMAC-SHA-256 with the secret's UTF-8 bytes (jwt::params::secret).
//
// What this adapter adds, as Adapters/python/testee_common.py does for the Python testees, each from
// the profile's data file (Vectors/profiles/*.json, read below): typ the profile's ("JWT") when
// present (cpp-jwt already refuses any other than "JWT"), and present when typRequired; kid present
// and a string when keyIdRequired (Sunshine); key selection by kid; identity claims in the
// profile's precedence (JSON strings, non-empty; Kustomer email before externalId); the scope rule
// (Sunshine scope "user"); a required exp; the iat window (Kustomer: now - 900 <= iat <= now + 900),
// on the number cpp-jwt reads for iat (get_claim_value<uint64_t>).
//
// How now is injected: cpp-jwt reads the wall clock (std::chrono::system_clock::now() in
// jwt_object::verify) and has no clock option, so the process runs under Debian's libfaketime
// (LD_PRELOAD, set by cpp_jwt_testee.sh) with FAKETIME_NO_CACHE=1, FAKETIME_FMT=%s and
// FAKETIME_TIMESTAMP_FILE: the adapter writes each request's now into that file before calling the
// library, which freezes the faked clock there. Each verify then checks that the clock reads exactly
// now, and a start-up self-test checks that the library itself judges exp at the injected time (a
// token with exp 1001 is accepted at 1000 and expired at 1002; cpp-jwt accepts it at 1001, its exp is
// inclusive). If either fails, verify requests are answered error.
//
// Errors are mapped to the suite's reasons only where certain (see library_reason); otherwise the
// rejection carries no reason. An exception cpp-jwt lets escape jwt::decode is answered error.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <jwt/jwt.hpp>

using json = nlohmann::json;

#ifndef CPP_JWT_VERSION
#define CPP_JWT_VERSION "unknown"
#endif

namespace {

// --- answers ---------------------------------------------------------------------------------------

struct RequestError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Skip : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A refused token: a reason from the vocabulary, or "" when unknown.
struct Rejection {
    std::string reason;
    std::string message;
};

// The stage of each reason (Sources/JWTReference/Model/Vocabulary.swift); 99 when unknown.
int stage(const std::string& reason) {
    if (reason == "malformed") return 1;
    if (reason == "algorithm-not-allowed" || reason == "invalid-header") return 2;
    if (reason == "unknown-key") return 3;
    if (reason == "bad-signature") return 4;
    if (reason == "missing-claim" || reason == "invalid-claim-type" || reason == "invalid-claim-value") return 5;
    if (reason == "expired" || reason == "not-yet-valid" || reason == "issued-at-out-of-window") return 6;
    return 99;
}

// --- profiles --------------------------------------------------------------------------------------
//
// Read from the data files Vectors/profiles/*.json (shape: Vectors/schema/profile.schema.json), or
// from the folder $JWT_CONFORMANCE_PROFILES names. A file with a member this loader does not know, a
// value of the wrong type, or a rule the adapters leave to their library in a form no library here
// is configured for, is not loaded: a note on stderr names the file and the member, and the profile
// is not declared in hello (Adapters/README.md).

struct Profile {
    std::string name;
    std::optional<std::string> typ;  // the typ a signer writes and a verifier accepts when present
    bool typ_required = false;       // a header without typ is refused (only with typ)
    bool kid_required = false;
    std::vector<std::pair<std::string, std::string>> identity_claims;  // claim, kind; the first present wins
    std::optional<std::pair<std::string, std::string>> scope;          // claim, required value
    bool iat_required = false;
    std::optional<std::pair<int64_t, int64_t>> iat_window;  // maximum age, maximum future skew (inclusive)
    bool exp_required = false;
};

struct ProfileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

Profile profile_from_json(const json& top, const std::string& where) {
    auto fail = [&](const std::string& member, const std::string& problem) -> void {
        throw ProfileError(where + ": member \"" + member + "\" " + problem);
    };
    auto object = [&](const json& value, const std::string& member, const std::vector<std::string>& known,
                      const std::vector<std::string>& required) -> const json& {
        if (!value.is_object()) fail(member, "must be an object");
        auto path = [&](const std::string& name) { return member.empty() ? name : member + "." + name; };
        for (const auto& item : value.items()) {
            if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
                fail(path(item.key()), "is not known to this adapter, which cannot honour it");
            }
        }
        for (const auto& name : required) {
            if (!value.contains(name)) fail(path(name), "is missing");
        }
        return value;
    };
    auto string = [&](const json& value, const std::string& member) {
        if (!value.is_string()) fail(member, "must be a string");
        return value.get<std::string>();
    };
    auto boolean = [&](const json& value, const std::string& member) {
        if (!value.is_boolean()) fail(member, "must be a boolean");
        return value.get<bool>();
    };
    auto strings = [&](const json& value, const std::string& member) {
        if (!value.is_array()) fail(member, "must be an array of strings");
        std::vector<std::string> out;
        for (const auto& item : value) out.push_back(string(item, member + "[]"));
        return out;
    };
    object(top, "", {"$schema", "id", "title", "sources", "algorithms", "header", "identityClaims", "scope", "issuedAt", "expiration", "notBefore",
            "name", "idPrefix", "session"},
           {"id", "title", "sources", "algorithms", "header", "identityClaims", "expiration", "notBefore"});
    Profile p;
    p.name = string(top["id"], "id");
    if (p.name.empty()) fail("id", "must not be empty");
    if (strings(top["algorithms"], "algorithms") != std::vector<std::string>{"HS256"}) {
        fail("algorithms", "is " + top["algorithms"].dump() + ": the adapters restrict their library to HS256 and support exactly [\"HS256\"]");
    }
    const json& header = object(top["header"], "header", {"typ", "typRequired", "keyIdRequired", "understoodCriticalParameters"},
                                {"typRequired", "keyIdRequired", "understoodCriticalParameters"});
    if (header.contains("typ") && !header["typ"].is_null()) p.typ = string(header["typ"], "header.typ");
    p.typ_required = boolean(header["typRequired"], "header.typRequired");
    p.kid_required = boolean(header["keyIdRequired"], "header.keyIdRequired");
    if (!strings(header["understoodCriticalParameters"], "header.understoodCriticalParameters").empty()) {
        fail("header.understoodCriticalParameters", "is " + header["understoodCriticalParameters"].dump() +
                                                        ": crit is the library's check, and no library here is told of understood extensions");
    }
    if (!top["identityClaims"].is_array()) fail("identityClaims", "must be an array");
    for (size_t index = 0; index < top["identityClaims"].size(); ++index) {
        const std::string member = "identityClaims[" + std::to_string(index) + "]";
        const json& rule = object(top["identityClaims"][index], member, {"claim", "kind"}, {"claim", "kind"});
        const std::string kind = string(rule["kind"], member + ".kind");
        if (kind != "email" && kind != "externalId") fail(member + ".kind", "is \"" + kind + "\", not \"email\" or \"externalId\"");
        p.identity_claims.emplace_back(string(rule["claim"], member + ".claim"), kind);
    }
    if (top.contains("scope") && !top["scope"].is_null()) {
        const json& rule = object(top["scope"], "scope", {"claim", "value"}, {"claim", "value"});
        p.scope = std::make_pair(string(rule["claim"], "scope.claim"), string(rule["value"], "scope.value"));
    }
    if (top.contains("issuedAt") && !top["issuedAt"].is_null()) {
        const json& rule = object(top["issuedAt"], "issuedAt", {"required", "maximumAge", "maximumFutureSkew"},
                                  {"required", "maximumAge", "maximumFutureSkew"});
        p.iat_required = boolean(rule["required"], "issuedAt.required");
        for (const char* bound : {"maximumAge", "maximumFutureSkew"}) {
            const json& value = rule[bound];
            if (!value.is_number_integer() || (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))) {
                fail(std::string("issuedAt.") + bound, "must be a 64-bit integer");
            }
        }
        p.iat_window = std::make_pair(rule["maximumAge"].get<int64_t>(), rule["maximumFutureSkew"].get<int64_t>());
    }
    const json& expiration = object(top["expiration"], "expiration", {"honoured", "required"}, {"honoured", "required"});
    if (!boolean(expiration["honoured"], "expiration.honoured")) {
        fail("expiration.honoured", "is false: exp is the library's check, which no library here can switch off");
    }
    p.exp_required = boolean(expiration["required"], "expiration.required");
    const json& not_before = object(top["notBefore"], "notBefore", {"honoured"}, {"honoured"});
    if (!boolean(not_before["honoured"], "notBefore.honoured")) {
        fail("notBefore.honoured", "is false: nbf is the library's check, which no library here can switch off");
    }
    return p;
}

// $JWT_CONFORMANCE_PROFILES, or the repository's Vectors/profiles found from the executable
// (Adapters/cpp/.bin/cpp_jwt_testee).
std::string profiles_folder() {
    const char* folder = std::getenv("JWT_CONFORMANCE_PROFILES");
    if (folder != nullptr && *folder != '\0') return folder;
    std::error_code ec;
    const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "Vectors/profiles";
    return (executable.parent_path() / ".." / ".." / ".." / "Vectors" / "profiles").lexically_normal().string();
}

// Every profile file of folder this adapter can honour, by id; a note on stderr for each left out.
std::map<std::string, Profile> load_profiles(const std::string& folder) {
    std::map<std::string, Profile> profiles;
    std::vector<std::string> paths;
    std::error_code ec;
    for (std::filesystem::directory_iterator entry(folder, ec), end; !ec && entry != end; entry.increment(ec)) {
        if (entry->path().extension() == ".json") paths.push_back(entry->path().string());
    }
    if (ec) {
        std::cerr << "profiles: cannot read the folder " << folder << ": " << ec.message() << "; no profile is declared" << std::endl;
        return profiles;
    }
    std::sort(paths.begin(), paths.end());
    for (const std::string& path : paths) {
        try {
            std::ifstream file(path, std::ios::binary);
            json document;
            try {
                document = json::parse(file);
            } catch (const json::exception& error) {
                throw ProfileError(path + " is not read: " + error.what());
            }
            Profile p = profile_from_json(document, path);
            if (profiles.count(p.name) != 0) {
                std::cerr << "profiles: " << path << " repeats the id \"" << p.name << "\"; it is not declared" << std::endl;
                continue;
            }
            profiles.emplace(p.name, std::move(p));
        } catch (const ProfileError& error) {
            std::cerr << "profiles: " << error.what() << "; the profile is not declared" << std::endl;
        }
    }
    return profiles;
}

struct Key {
    std::optional<std::string> kid;
    std::string secret;
};

// --- the clock -------------------------------------------------------------------------------------

// The request's now, given to the process's clock through libfaketime's timestamp file.
class Clock {
public:
    Clock() {
        const char* path = std::getenv("FAKETIME_TIMESTAMP_FILE");
        if (path != nullptr && *path != '\0') file_ = path;
    }

    // Sets the faked clock to now and checks that the process reads exactly now; "" when it does.
    std::string set(int64_t now) const {
        if (file_.empty()) {
            return "FAKETIME_TIMESTAMP_FILE is not set: run the testee through Adapters/cpp/cpp_jwt_testee.sh";
        }
        {
            std::ofstream out(file_, std::ios::trunc);
            out << now << "\n";
            if (!out.flush()) return "cannot write the faketime file " + file_;
        }
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
        if (seconds != now) {
            return "libfaketime did not take effect: the clock reads " + std::to_string(seconds) +
                   ", not the injected now " + std::to_string(now);
        }
        return "";
    }

private:
    std::string file_;
};

// --- cpp-jwt ---------------------------------------------------------------------------------------

// The reason of a cpp-jwt error code, where it is certain.
std::string library_reason(const std::error_code& ec) {
    const std::string category = ec.category().name();
    if (category == jwt::theDecodeErrorCategory.name()) {
        switch (static_cast<jwt::DecodeErrc>(ec.value())) {
            case jwt::DecodeErrc::JsonParseError:  // nlohmann::json::parse refused a segment
                return "malformed";
            case jwt::DecodeErrc::TypMismatch:  // typ present and not "JWT" (any case)
                return "invalid-header";
            default:
                // SignatureFormatError: fewer or more than two dots, and also an empty signature
                // segment (which is a bad signature, not a malformed token); AlgHeaderMiss: no alg
                // member, and also a header that is no JSON object (find on a non-object finds
                // nothing): no certain reason.
                return "";
        }
    }
    if (category == jwt::theVerificationErrorCategory.name()) {
        switch (static_cast<jwt::VerificationErrc>(ec.value())) {
            case jwt::VerificationErrc::InvalidAlgorithm:
                return "algorithm-not-allowed";
            case jwt::VerificationErrc::TokenExpired:
                return "expired";
            case jwt::VerificationErrc::ImmatureSignature:
                return "not-yet-valid";
            case jwt::VerificationErrc::InvalidIAT:  // validate_iat: iat absent
                return "missing-claim";
            case jwt::VerificationErrc::TypeConversionError:  // exp, nbf or iat not convertible to uint64_t
                return "invalid-claim-type";
            case jwt::VerificationErrc::InvalidSignature:
                return "bad-signature";
            default:
                return "";
        }
    }
    return "";
}

Rejection library_rejection(const std::error_code& ec) {
    return Rejection{library_reason(ec), std::string("cpp-jwt: ") + ec.category().name() + ": " + ec.message()};
}

// jwt::decode with the profile's parameters; verify false: parsing only (no alg list, times, MAC).
jwt::jwt_object decode(const std::string& token, const std::string& key, bool check, const Profile& profile,
                       std::error_code& ec) {
    using namespace jwt::params;
    if (!check) return jwt::decode(token, algorithms({"HS256"}), ec, verify(false));
    return jwt::decode(token, algorithms({"HS256"}), ec, secret(key), verify(true), leeway(0),
                       validate_iat(profile.iat_required));
}

// The start-up self-test: cpp-jwt judges exp at the injected time; "" when it does.
std::string self_test(const Clock& clock) {
    using namespace jwt::params;
    const std::string problem = "cannot inject now into cpp-jwt: ";
    const std::string key = "clock-self-test-secret-0123456789";
    jwt::jwt_object object{algorithm("HS256"), secret(key)};
    object.add_claim("exp", uint64_t{1001});
    std::error_code ec;
    const std::string token = object.signature(ec);
    if (ec) return problem + "cannot sign the self-test token: " + ec.message();
    const Profile none;
    std::string error = clock.set(1000);
    if (!error.empty()) return problem + error;
    decode(token, key, true, none, ec);
    if (ec) return problem + "exp 1001 refused at 1000: " + ec.message();
    error = clock.set(1002);
    if (!error.empty()) return problem + error;
    decode(token, key, true, none, ec);
    if (!ec) return problem + "exp 1001 accepted at 1002";
    if (ec != jwt::VerificationErrc::TokenExpired) return problem + "exp 1001 at 1002 refused for another reason: " + ec.message();
    return "";
}

// --- adapter rules ---------------------------------------------------------------------------------

std::string json_type(const json& value) {
    if (value.is_null()) return "null";
    if (value.is_boolean()) return "a boolean";
    if (value.is_number()) return "a number";
    if (value.is_string()) return "a string";
    if (value.is_array()) return "an array";
    return "an object";
}

bool same_media_type(std::string value, std::string expected) {
    auto normalized = [](std::string text) {
        if (text.find('/') == std::string::npos) text = "application/" + text;
        for (char& c : text) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return text;
    };
    return normalized(std::move(value)) == normalized(std::move(expected));
}

std::optional<Rejection> check_header(const json& header, const Profile& profile) {
    if (profile.typ && profile.typ_required && !header.contains("typ")) {
        return Rejection{"invalid-header", "the header has no typ (expected \"" + *profile.typ + "\")"};
    }
    if (profile.typ && header.contains("typ")) {
        const json& typ = header["typ"];
        if (!typ.is_string()) return Rejection{"invalid-header", "typ is not a string"};
        if (!same_media_type(typ.get<std::string>(), *profile.typ)) {
            return Rejection{"invalid-header", "typ " + typ.dump() + " is not \"" + *profile.typ + "\""};
        }
    }
    if (profile.kid_required) {
        if (!header.contains("kid")) return Rejection{"invalid-header", "Missing key id (kid)"};
        if (!header["kid"].is_string()) return Rejection{"invalid-header", "kid is " + json_type(header["kid"]) + ", not a string"};
    }
    return std::nullopt;
}

// The selected key, or the rejection. When the profile requires kid, a string kid naming a key
// selects it and nothing else does. Otherwise the token does not name its key: kid is ignored and
// the key set's first key is used (AMB-IC-KEYS: the first, current secret is the one required).
std::pair<const Key*, std::optional<Rejection>> select_key(const json& header, const std::vector<Key>& keys,
                                                           const Profile& profile) {
    if (keys.empty()) return {nullptr, Rejection{"unknown-key", "the key set is empty"}};
    if (!profile.kid_required) return {&keys[0], std::nullopt};
    if (!header.contains("kid") || !header["kid"].is_string()) {
        return {nullptr, Rejection{"unknown-key", "no key can be selected without a string kid"}};
    }
    const std::string kid = header["kid"].get<std::string>();
    for (const Key& key : keys) {
        if (key.kid && *key.kid == kid) return {&key, std::nullopt};
    }
    return {nullptr, Rejection{"unknown-key", "no key has kid " + header["kid"].dump()}};
}

std::optional<Rejection> resolve_identity(const json& claims, const Profile& profile, json& identity) {
    identity = nullptr;
    for (const auto& [claim, kind] : profile.identity_claims) {
        if (!claims.contains(claim)) continue;
        const json& value = claims[claim];
        if (!value.is_string()) {
            return Rejection{"invalid-claim-type", "claim \"" + claim + "\" is " + json_type(value) + ", not a string"};
        }
        if (value.get<std::string>().empty()) {
            return Rejection{"invalid-claim-value", "claim \"" + claim + "\" is an empty string"};
        }
        if (identity.is_null()) identity = json{{"kind", kind}, {"value", value}};
    }
    if (identity.is_null()) return Rejection{"missing-claim", "the payload has none of the profile's identity claims"};
    return std::nullopt;
}

std::optional<Rejection> check_scope(const json& claims, const Profile& profile) {
    if (!profile.scope) return std::nullopt;
    const auto& [claim, required] = *profile.scope;
    if (!claims.contains(claim)) return Rejection{"missing-claim", "the payload has no \"" + claim + "\" claim"};
    const json& value = claims[claim];
    if (!value.is_string()) return Rejection{"invalid-claim-type", "claim \"" + claim + "\" is " + json_type(value) + ", not a string"};
    if (value.get<std::string>() != required) {
        return Rejection{"invalid-claim-value", "claim \"" + claim + "\" is " + value.dump() + ", not \"" + required + "\""};
    }
    return std::nullopt;
}

// The profile's iat window, on the number cpp-jwt reads for iat (validate_iat accepted it as uint64_t).
std::optional<Rejection> check_iat_window(const jwt::jwt_object& object, const Profile& profile, int64_t now) {
    if (!profile.iat_window || !object.has_claim("iat")) return std::nullopt;
    const uint64_t iat = object.payload().get_claim_value<uint64_t>("iat");
    const auto [max_age, max_future] = *profile.iat_window;
    const uint64_t earliest = static_cast<uint64_t>(now > max_age ? now - max_age : 0);
    const uint64_t latest = static_cast<uint64_t>(now + max_future);
    if (iat < earliest) {
        return Rejection{"issued-at-out-of-window", "iat " + std::to_string(iat) + " is more than " +
                                                        std::to_string(max_age) + " s before now (" + std::to_string(now) + ")"};
    }
    if (iat > latest) {
        return Rejection{"issued-at-out-of-window", "iat " + std::to_string(iat) + " is more than " +
                                                        std::to_string(max_future) + " s after now (" + std::to_string(now) + ")"};
    }
    return std::nullopt;
}

// Whether ec is one of the claim errors jwt_object::verify sets before decode gets to the MAC.
bool is_claim_error(const std::error_code& ec) {
    if (std::string(ec.category().name()) != jwt::theVerificationErrorCategory.name()) return false;
    switch (static_cast<jwt::VerificationErrc>(ec.value())) {
        case jwt::VerificationErrc::TokenExpired:
        case jwt::VerificationErrc::ImmatureSignature:
        case jwt::VerificationErrc::InvalidIAT:
        case jwt::VerificationErrc::TypeConversionError:
            return true;
        default:
            return false;
    }
}

// The MAC of the token, checked by cpp-jwt's own jwt_signature::verify (what jwt::decode calls last):
// "" when it matches, else the rejection's message.
std::optional<Rejection> check_mac(const std::string& token, const jwt::jwt_header& header, const std::string& key) {
    const size_t second_dot = token.find('.', token.find('.') + 1);
    jwt::jwt_signature signature{key};
    const jwt::verify_result_t result =
        signature.verify(header, jwt::string_view(token.data(), second_dot), jwt::string_view(token).substr(second_dot + 1));
    if (result.second) return Rejection{"", std::string("cpp-jwt: ") + result.second.message()};
    if (!result.first) return Rejection{"bad-signature", "cpp-jwt: the signature does not match (jwt_signature::verify)"};
    return std::nullopt;
}

// The identity of an accepted token, or the rejection.
//
// Order (so that the earliest stage's reason is reported, as in Adapters/python/testee_common.py):
// cpp-jwt parses the token (jwt::decode with verify(false)); the adapter checks the profile's header
// rules and selects the key; cpp-jwt decodes it again with verify(true): alg list, exp, nbf, iat,
// then the MAC (a library defect of the structure or header stage wins over the adapter's header and
// key defects, which win over a later library failure). cpp-jwt's jwt_object::verify checks the
// claims before decode gets to the MAC, so on a claim error the adapter asks cpp-jwt's own
// jwt_signature::verify for the MAC first, then applies its claim rules, and only then reports the
// library's claim error.
std::pair<json, std::optional<Rejection>> verify(const Profile& profile, const std::string& token,
                                                 const std::vector<Key>& keys, int64_t now) {
    std::error_code ec;
    const jwt::jwt_object parsed = decode(token, "", false, profile, ec);
    if (ec) return {nullptr, library_rejection(ec)};
    const json header = parsed.header().create_json_obj();
    std::optional<Rejection> header_defect = check_header(header, profile);
    auto [key, key_defect] = select_key(header, keys, profile);
    const std::string secret = key != nullptr ? key->secret : std::string("\0no key matches this token\0", 27);
    const jwt::jwt_object object = decode(token, secret, true, profile, ec);
    std::optional<Rejection> held;  // a claim error of the library, reported after the adapter's claim rules
    if (ec) {
        Rejection rejection = library_rejection(ec);
        if (stage(rejection.reason) <= 2) return {nullptr, rejection};
        if (header_defect) return {nullptr, header_defect};
        if (key_defect) return {nullptr, key_defect};
        if (!is_claim_error(ec)) return {nullptr, rejection};
        if (auto mac = check_mac(token, parsed.header(), secret)) return {nullptr, mac};
        held = rejection;
    }
    if (header_defect) return {nullptr, header_defect};
    if (key_defect) return {nullptr, key_defect};
    const json& claims = parsed.payload().create_json_obj();
    if (!claims.is_object()) return {nullptr, Rejection{"malformed", "the payload is " + json_type(claims) + ", not a JSON object"}};
    json identity;
    if (auto rejection = resolve_identity(claims, profile, identity)) return {nullptr, rejection};
    if (auto rejection = check_scope(claims, profile)) return {nullptr, rejection};
    if (profile.exp_required && !claims.contains("exp")) return {nullptr, Rejection{"missing-claim", "the payload has no \"exp\" claim"}};
    if (held) return {nullptr, held};
    if (auto rejection = check_iat_window(object, profile, now)) return {nullptr, rejection};
    return {identity, std::nullopt};
}

std::string sign(const Profile& profile, const Key& key, const json& subject, int64_t now,
                 std::optional<int64_t> lifetime) {
    using namespace jwt::params;
    if (profile.typ != std::optional<std::string>("JWT")) {
        throw RequestError("cpp-jwt always writes typ \"JWT\", and profile " + profile.name + " wants " +
                           (profile.typ ? "typ \"" + *profile.typ + "\"" : std::string("no typ")));
    }
    jwt::jwt_object object{algorithm("HS256"), secret(key.secret)};  // header {"alg":"HS256","typ":"JWT"}
    bool any = false;
    for (const auto& [claim, kind] : profile.identity_claims) {
        if (!subject.contains(kind) || subject[kind].is_null()) continue;
        if (!subject[kind].is_string()) throw RequestError("subject." + kind + " must be a string or null");
        const std::string value = subject[kind].get<std::string>();
        if (value.empty()) throw RequestError("the subject's identifier for claim \"" + claim + "\" is empty");
        object.add_claim(claim, value);
        any = true;
    }
    if (!any) throw RequestError("the subject has no identifier the profile has a claim for");
    if (profile.scope) object.add_claim(profile.scope->first, profile.scope->second);
    // Declined like a verify request at such a time: cpp-jwt cannot hold a time before 1970.
    if (now < 0) throw Skip("now " + std::to_string(now) + " is before 1970: cpp-jwt casts the time to uint64_t");
    object.add_claim("iat", static_cast<uint64_t>(now));
    if (lifetime) {
        if (*lifetime <= 0) throw RequestError("lifetime " + std::to_string(*lifetime) + " must be positive");
        object.add_claim("exp", static_cast<uint64_t>(now) + static_cast<uint64_t>(*lifetime));
    }
    if (profile.kid_required) {
        if (!key.kid) throw RequestError("the profile requires a key id (kid) and the key has none");
        object.header().add_header("kid", *key.kid);
    }
    std::error_code ec;
    std::string token = object.signature(ec);
    if (ec) throw RequestError("cpp-jwt cannot sign: " + ec.message());
    return token;
}

// --- requests --------------------------------------------------------------------------------------

std::optional<int64_t> integer(const json& request, const std::string& name, bool required) {
    if (!request.contains(name) || request[name].is_null()) {
        if (required) throw RequestError("the request has no \"" + name + "\" (a testee never reads the wall clock)");
        return std::nullopt;
    }
    const json& value = request[name];
    if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        throw RequestError("\"" + name + "\" is out of range");
    }
    if (!value.is_number_integer()) throw RequestError("\"" + name + "\" must be an integer");
    return value.get<int64_t>();
}

const Profile& read_profile(const std::map<std::string, Profile>& profiles, const json& request) {
    if (!request.contains("profile") || !request["profile"].is_string()) throw RequestError("the request has no profile");
    const std::string name = request["profile"].get<std::string>();
    const auto found = profiles.find(name);
    if (found == profiles.end()) throw Skip("profile \"" + name + "\" is not implemented by this testee");
    return found->second;
}

Key read_key(const json& value, const std::string& place) {
    if (!value.is_object()) throw RequestError(place + " must be an object");
    if (!value.contains("secret") || !value["secret"].is_string()) throw RequestError(place + ".secret must be a string");
    Key key{std::nullopt, value["secret"].get<std::string>()};
    if (value.contains("kid") && !value["kid"].is_null()) {
        if (!value["kid"].is_string()) throw RequestError(place + ".kid must be a string or null");
        key.kid = value["kid"].get<std::string>();
    }
    return key;
}

class Testee {
public:
    Testee() : clock_problem_(self_test(clock_)), profiles_(load_profiles(profiles_folder())) {
        if (!clock_problem_.empty()) std::cerr << clock_problem_ << std::endl;
    }

    json handle(const json& request) const {
        const json id = request.contains("id") ? request["id"] : json(nullptr);
        const json op = request.contains("op") ? request["op"] : json(nullptr);
        if (op == "hello") {
            if (!request.contains("protocol") || request["protocol"] != 1) throw RequestError("only protocol 1 is supported");
            json declared = json::array();
            for (const auto& entry : profiles_) declared.push_back(entry.first);
            return json{{"ok", true},
                        {"protocol", 1},
                        {"implementation", {{"name", "cpp-jwt"}, {"version", CPP_JWT_VERSION}, {"language", "c++"}}},
                        {"roles", {"verifier", "signer"}},
                        {"profiles", declared}};
        }
        if (op == "verify") {
            const Profile& profile = read_profile(profiles_, request);
            if (!request.contains("token") || !request["token"].is_string()) throw RequestError("'token' must be a string");
            if (!request.contains("keys") || !request["keys"].is_array()) throw RequestError("'keys' must be an array");
            std::vector<Key> keys;
            for (size_t index = 0; index < request["keys"].size(); ++index) {
                keys.push_back(read_key(request["keys"][index], "keys[" + std::to_string(index) + "]"));
            }
            const int64_t now = *integer(request, "now", true);
            if (!clock_problem_.empty()) throw RequestError(clock_problem_);
            // A time cpp-jwt cannot hold: declined, as PROTOCOL.md says a testee declines what it cannot do.
            if (now < 0) throw Skip("now " + std::to_string(now) + " is before 1970: cpp-jwt casts the time to uint64_t");
            const std::string clock_error = clock_.set(now);
            if (!clock_error.empty()) throw RequestError(clock_error);
            std::pair<json, std::optional<Rejection>> outcome;
            try {
                outcome = verify(profile, request["token"].get<std::string>(), keys, now);
            } catch (const std::exception& error) {
                throw RequestError(std::string("cpp-jwt threw an exception out of decode: ") + error.what());
            }
            if (!outcome.second) return json{{"id", id}, {"result", "accept"}, {"identity", outcome.first}};
            json response{{"id", id}, {"result", "reject"}, {"message", outcome.second->message}};
            if (!outcome.second->reason.empty()) response["reason"] = outcome.second->reason;
            return response;
        }
        if (op == "sign") {
            const Profile& profile = read_profile(profiles_, request);
            const Key key = read_key(request.contains("key") ? request["key"] : json(nullptr), "key");
            json subject = request.contains("subject") ? request["subject"] : json(nullptr);
            if (subject.is_null()) subject = json::object();
            if (!subject.is_object()) throw RequestError("'subject' must be an object");
            const int64_t now = *integer(request, "now", true);
            const std::optional<int64_t> lifetime = integer(request, "lifetime", false);
            return json{{"id", id}, {"token", sign(profile, key, subject, now, lifetime)}};
        }
        if (op.is_string()) throw Skip("unknown op " + op.dump());
        throw RequestError("the request has no op");
    }

    json answer(const std::string& line) const {
        json request;
        try {
            request = json::parse(line);
        } catch (const std::exception& error) {
            return json{{"id", nullptr}, {"result", "error"}, {"message", std::string("the request line is not JSON: ") + error.what()}};
        }
        if (!request.is_object()) return json{{"id", nullptr}, {"result", "error"}, {"message", "a request must be a JSON object"}};
        json id = nullptr;
        if (request.contains("id") && (request["id"].is_string() || request["id"].is_number() || request["id"].is_boolean())) {
            id = request["id"];
        }
        try {
            return handle(request);
        } catch (const Skip& skip) {
            return json{{"id", id}, {"result", "skip"}, {"message", skip.what()}};
        } catch (const std::exception& error) {
            return json{{"id", id}, {"result", "error"}, {"message", error.what()}};
        }
    }

private:
    Clock clock_;
    std::string clock_problem_;
    std::map<std::string, Profile> profiles_;
};

}  // namespace

int main() {
    std::ios::sync_with_stdio(false);
    const Testee testee;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const json response = testee.answer(line);
        // ensure_ascii, and bytes that are not UTF-8 replaced instead of an exception
        std::cout << response.dump(-1, ' ', true, json::error_handler_t::replace) << '\n' << std::flush;
        if (!std::cout) return 0;
    }
    return 0;
}
