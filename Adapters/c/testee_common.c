/*
 * Shared plumbing for the C testees: see testee_common.h. The profile rules here are the ones
 * Adapters/python/testee_common.py and Adapters/go/golang_jwt_testee.go add for their libraries,
 * the same data and the same stage order; nothing here reads the wall clock.
 */
#define _GNU_SOURCE
#include "testee_common.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const profile_t profiles[] = {
    /* Kustomer: header {alg HS256, typ JWT}; email before externalId; iat required, within 15 minutes. */
    {"kustomer", 0, {"email", "externalId"}, {"email", "externalId"}, 2, NULL, 1, 900},
    /* Sunshine: kid in the header selects the key; external_id; scope "user"; exp honoured. */
    {"sunshine", 1, {"external_id", NULL}, {"externalId", NULL}, 1, "user", 0, 0},
};

int reject(rejection_t *r, const char *reason, const char *format, ...) {
    va_list args;
    r->reason = reason;
    va_start(args, format);
    vsnprintf(r->message, sizeof r->message, format, args);
    va_end(args);
    return 1;
}

int reason_stage(const char *reason) {
    static const struct { const char *reason; int stage; } stages[] = {
        {"malformed", 1}, {"algorithm-not-allowed", 2}, {"invalid-header", 2}, {"unknown-key", 3},
        {"bad-signature", 4}, {"missing-claim", 5}, {"invalid-claim-type", 5}, {"invalid-claim-value", 5},
        {"expired", 6}, {"not-yet-valid", 6}, {"issued-at-out-of-window", 6},
    };
    for (size_t i = 0; reason && i < sizeof stages / sizeof stages[0]; i++)
        if (strcmp(stages[i].reason, reason) == 0)
            return stages[i].stage;
    return 99;
}

int is_canonical_hs256_signature(const char *signature) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    if (strlen(signature) != 43 || strspn(signature, alphabet) != 43) return 0;
    return strchr("AEIMQUYcgkosw048", signature[42]) != NULL;
}

static const char *type_name(json_t *value) {
    switch (json_typeof(value)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* RFC 7515 §4.1.9: ASCII case-insensitive, "application/" implied when there is no "/". */
static int same_media_type(const char *value, size_t length, const char *expected) {
    char *a = NULL, *b = NULL;
    int same;
    if (memchr(value, '\0', length)) return 0;
    if (asprintf(&a, "%s%s", strchr(value, '/') ? "" : "application/", value) < 0) return 0;
    if (asprintf(&b, "%s%s", strchr(expected, '/') ? "" : "application/", expected) < 0) { free(a); return 0; }
    for (char *c = a; *c; c++) if (*c >= 'A' && *c <= 'Z') *c += 'a' - 'A';
    for (char *c = b; *c; c++) if (*c >= 'A' && *c <= 'Z') *c += 'a' - 'A';
    same = strcmp(a, b) == 0;
    free(a);
    free(b);
    return same;
}

int check_header(json_t *header, const profile_t *profile, rejection_t *r) {
    json_t *typ = json_object_get(header, "typ");
    if (typ) {
        if (!json_is_string(typ)) return reject(r, "invalid-header", "typ is %s, not a string", type_name(typ));
        if (!same_media_type(json_string_value(typ), json_string_length(typ), "JWT"))
            return reject(r, "invalid-header", "typ \"%s\" is not \"JWT\"", json_string_value(typ));
    }
    if (profile->kid_required) {
        json_t *kid = json_object_get(header, "kid");
        if (!kid) return reject(r, "invalid-header", "Missing key id (kid)");
        if (!json_is_string(kid)) return reject(r, "invalid-header", "kid is %s, not a string", type_name(kid));
    }
    return 0;
}

const testee_key_t *select_key(json_t *header, const testee_key_t *keys, size_t key_count,
                               const profile_t *profile, rejection_t *r) {
    json_t *kid = json_object_get(header, "kid");
    if (key_count == 0) { reject(r, "unknown-key", "the key set is empty"); return NULL; }
    if (json_is_string(kid)) {
        for (size_t i = 0; i < key_count; i++)
            if (keys[i].kid && strlen(keys[i].kid) == json_string_length(kid) &&
                memcmp(keys[i].kid, json_string_value(kid), json_string_length(kid)) == 0)
                return &keys[i];
    }
    if (profile->kid_required) {
        if (json_is_string(kid)) reject(r, "unknown-key", "no key has kid \"%s\"", json_string_value(kid));
        else reject(r, "unknown-key", "no key can be selected without a string kid");
        return NULL;
    }
    if (!kid || key_count == 1) return &keys[0];
    reject(r, "unknown-key", "no key has the token's kid and the key set has %zu keys", key_count);
    return NULL;
}

json_t *resolve_identity(json_t *claims, const profile_t *profile, rejection_t *r) {
    json_t *identity = NULL;
    for (int i = 0; i < profile->identity_count; i++) {
        json_t *value = json_object_get(claims, profile->identity_claims[i]);
        if (!value) continue;
        if (!json_is_string(value)) {
            reject(r, "invalid-claim-type", "claim \"%s\" is %s, not a string", profile->identity_claims[i], type_name(value));
            goto refused;
        }
        if (json_string_length(value) == 0) {
            reject(r, "invalid-claim-value", "claim \"%s\" is an empty string", profile->identity_claims[i]);
            goto refused;
        }
        if (!identity)
            identity = json_pack("{s:s,s:s%}", "kind", profile->identity_kinds[i], "value",
                                 json_string_value(value), json_string_length(value));
    }
    if (!identity) reject(r, "missing-claim", "the payload has none of the profile's identity claims");
    return identity;
refused:
    json_decref(identity);
    return NULL;
}

int check_scope(json_t *claims, const profile_t *profile, rejection_t *r) {
    json_t *scope;
    if (!profile->scope) return 0;
    scope = json_object_get(claims, "scope");
    if (!scope) return reject(r, "missing-claim", "the payload has no \"scope\" claim");
    if (!json_is_string(scope)) return reject(r, "invalid-claim-type", "claim \"scope\" is %s, not a string", type_name(scope));
    if (json_string_length(scope) != strlen(profile->scope) || strcmp(json_string_value(scope), profile->scope) != 0)
        return reject(r, "invalid-claim-value", "claim \"scope\" is \"%s\", not \"%s\"", json_string_value(scope), profile->scope);
    return 0;
}

int check_iat_required(json_t *claims, const profile_t *profile, rejection_t *r) {
    if (profile->iat_required && !json_object_get(claims, "iat"))
        return reject(r, "missing-claim", "the payload has no \"iat\" claim");
    return 0;
}

/* The greatest integer not above, and the least not below, the number jansson read (an integer,
 * or a double), saturated to the range of long long. */
static void numeric_bounds(json_t *value, long long *floor_out, long long *ceil_out) {
    if (json_is_integer(value)) {
        *floor_out = *ceil_out = json_integer_value(value);
        return;
    }
    double number = json_real_value(value);
    double low = floor(number), high = ceil(number);
    *floor_out = low <= -9.2e18 ? -9200000000000000000LL : low >= 9.2e18 ? 9200000000000000000LL : (long long)low;
    *ceil_out = high <= -9.2e18 ? -9200000000000000000LL : high >= 9.2e18 ? 9200000000000000000LL : (long long)high;
}

int check_iat_window(json_t *claims, const profile_t *profile, long long now, int check_future, rejection_t *r) {
    json_t *iat = json_object_get(claims, "iat");
    long long low, high;
    if (!profile->iat_window || !iat) return 0;
    if (!json_is_number(iat)) return reject(r, "invalid-claim-type", "claim \"iat\" is %s, not a number", type_name(iat));
    numeric_bounds(iat, &low, &high);
    if (low < now - profile->iat_window)
        return reject(r, "issued-at-out-of-window", "iat is more than %lld s before now (%lld)", profile->iat_window, now);
    if (check_future && high > now + profile->iat_window)
        return reject(r, "issued-at-out-of-window", "iat is more than %lld s after now (%lld)", profile->iat_window, now);
    return 0;
}

int check_times(json_t *claims, const profile_t *profile, long long now, rejection_t *r) {
    static const char *const names[] = {"iat", "exp", "nbf"};
    json_t *value;
    long long low, high;
    for (int i = 0; i < 3; i++) {
        value = json_object_get(claims, names[i]);
        if (value && !json_is_number(value))
            return reject(r, "invalid-claim-type", "claim \"%s\" is %s, not a NumericDate number", names[i], type_name(value));
    }
    if (check_iat_window(claims, profile, now, 1, r)) return 1;
    if ((value = json_object_get(claims, "exp"))) {
        numeric_bounds(value, &low, &high);
        if (high <= now) return reject(r, "expired", "exp is at or before now (%lld)", now);
    }
    if ((value = json_object_get(claims, "nbf"))) {
        numeric_bounds(value, &low, &high);
        if (high > now) return reject(r, "not-yet-valid", "nbf is after now (%lld)", now);
    }
    return 0;
}

/* --- requests ------------------------------------------------------------------------------ */

static json_t *answer_error(json_t *request, const char *result, const char *format, ...) __attribute__((format(printf, 3, 4)));

static json_t *answer_error(json_t *request, const char *result, const char *format, ...) {
    char message[600];
    va_list args;
    json_t *id = json_is_object(request) ? json_object_get(request, "id") : NULL;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if (id && !(json_is_string(id) || json_is_number(id) || json_is_boolean(id))) id = NULL;
    return json_pack("{s:O?,s:s,s:s}", "id", id, "result", result, "message", message);
}

static const profile_t *read_profile(json_t *request, json_t **declined) {
    json_t *name = json_object_get(request, "profile");
    if (!json_is_string(name)) { *declined = answer_error(request, "error", "the request has no profile"); return NULL; }
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++)
        if (strcmp(profiles[i].name, json_string_value(name)) == 0) return &profiles[i];
    *declined = answer_error(request, "skip", "profile \"%s\" is not implemented by this testee", json_string_value(name));
    return NULL;
}

static int read_key(json_t *value, const char *where, testee_key_t *key, json_t *request, json_t **declined) {
    json_t *kid = json_object_get(value, "kid"), *secret = json_object_get(value, "secret");
    if (!json_is_object(value)) { *declined = answer_error(request, "error", "%s must be an object", where); return 0; }
    if (!json_is_string(secret)) { *declined = answer_error(request, "error", "%s.secret must be a string", where); return 0; }
    if (kid && !json_is_null(kid) && !json_is_string(kid)) {
        *declined = answer_error(request, "error", "%s.kid must be a string or null", where);
        return 0;
    }
    if (json_is_string(kid) && memchr(json_string_value(kid), '\0', json_string_length(kid))) {
        *declined = answer_error(request, "error", "%s.kid holds a NUL character, which this testee cannot pass on", where);
        return 0;
    }
    key->kid = json_is_string(kid) ? json_string_value(kid) : NULL;
    key->secret = json_string_value(secret);
    key->secret_len = json_string_length(secret);
    return 1;
}

static int read_integer(json_t *request, const char *name, int required, long long *out, json_t **declined) {
    json_t *value = json_object_get(request, name);
    if (!value || json_is_null(value)) {
        if (required) *declined = answer_error(request, "error", "the request has no \"%s\" (a testee never reads the wall clock)", name);
        return 0;
    }
    if (!json_is_integer(value)) { *declined = answer_error(request, "error", "\"%s\" must be an integer", name); return 0; }
    *out = json_integer_value(value);
    return 1;
}

static json_t *verify_request(const binding_t *binding, json_t *request) {
    json_t *declined = NULL, *token = json_object_get(request, "token"), *raw_keys = json_object_get(request, "keys");
    const profile_t *profile = read_profile(request, &declined);
    testee_key_t *keys;
    long long now;
    rejection_t rejection = {0};
    json_t *identity, *response;
    size_t index;
    json_t *raw;
    char where[32];

    if (!profile) return declined;
    if (!json_is_string(token)) return answer_error(request, "error", "'token' must be a string");
    if (memchr(json_string_value(token), '\0', json_string_length(token)))
        return json_pack("{s:O,s:s,s:s,s:s}", "id", json_object_get(request, "id"), "result", "reject", "reason",
                         "malformed", "message", "the token holds a NUL character, which no compact JWS does");
    if (!json_is_array(raw_keys)) return answer_error(request, "error", "'keys' must be an array");
    keys = calloc(json_array_size(raw_keys) + 1, sizeof *keys);
    json_array_foreach(raw_keys, index, raw) {
        snprintf(where, sizeof where, "keys[%zu]", index);
        if (!read_key(raw, where, &keys[index], request, &declined)) { free(keys); return declined; }
    }
    if (!read_integer(request, "now", 1, &now, &declined)) { free(keys); return declined; }
    const char *problem = binding->startup_problem ? binding->startup_problem() : NULL;
    if (problem) { free(keys); return answer_error(request, "error", "%s", problem); }
    identity = binding->verify(profile, json_string_value(token), keys, json_array_size(raw_keys), now, &rejection);
    free(keys);
    if (!identity && rejection.is_error) return answer_error(request, "error", "%s", rejection.message);
    if (!identity && rejection.is_declined) return answer_error(request, "skip", "%s", rejection.message);
    if (identity)
        return json_pack("{s:O,s:s,s:o}", "id", json_object_get(request, "id"), "result", "accept", "identity", identity);
    response = json_pack("{s:O,s:s,s:s}", "id", json_object_get(request, "id"), "result", "reject", "message", rejection.message);
    if (rejection.reason) json_object_set_new(response, "reason", json_string(rejection.reason));
    return response;
}

static json_t *sign_request(const binding_t *binding, json_t *request) {
    json_t *declined = NULL, *subject = json_object_get(request, "subject"), *header, *claims;
    const profile_t *profile = read_profile(request, &declined);
    testee_key_t key;
    long long now, lifetime;
    int has_lifetime;
    char error[512] = "";
    char *token;

    if (!profile) return declined;
    if (!read_key(json_object_get(request, "key"), "key", &key, request, &declined)) return declined;
    if (subject && !json_is_null(subject) && !json_is_object(subject)) return answer_error(request, "error", "'subject' must be an object");
    if (!read_integer(request, "now", 1, &now, &declined)) return declined;
    has_lifetime = read_integer(request, "lifetime", 0, &lifetime, &declined);
    if (declined) return declined;
    if (has_lifetime && lifetime <= 0) return answer_error(request, "error", "lifetime %lld must be positive", lifetime);

    header = json_pack("{s:s,s:s}", "alg", "HS256", "typ", "JWT");
    if (profile->kid_required) {
        if (!key.kid) { json_decref(header); return answer_error(request, "error", "profile %s requires a key id (kid) and the key has none", profile->name); }
        json_object_set_new(header, "kid", json_string(key.kid));
    }
    claims = json_object();
    for (int i = 0; i < profile->identity_count; i++) {
        json_t *value = json_object_get(subject, profile->identity_kinds[i]);
        if (!value || json_is_null(value)) continue;
        if (!json_is_string(value) || json_string_length(value) == 0) {
            json_decref(header);
            json_decref(claims);
            return answer_error(request, "error", "subject.%s must be a non-empty string or null", profile->identity_kinds[i]);
        }
        json_object_set(claims, profile->identity_claims[i], value);
    }
    if (json_object_size(claims) == 0) {
        json_decref(header);
        json_decref(claims);
        return answer_error(request, "error", "the subject has no identifier that profile %s has a claim for", profile->name);
    }
    if (profile->scope) json_object_set_new(claims, "scope", json_string(profile->scope));
    json_object_set_new(claims, "iat", json_integer(now));
    if (has_lifetime) json_object_set_new(claims, "exp", json_integer(now + lifetime));
    token = binding->sign(profile, header, claims, &key, error, sizeof error);
    json_decref(header);
    json_decref(claims);
    if (!token) return answer_error(request, "error", "%s", error[0] ? error : "the library cannot sign");
    json_t *response = json_pack("{s:O,s:s}", "id", json_object_get(request, "id"), "token", token);
    free(token);
    return response;
}

json_t *answer_line(const binding_t *binding, const char *line) {
    json_error_t error;
    json_t *request = json_loads(line, JSON_ALLOW_NUL, &error), *response, *op;
    if (!json_is_object(request)) {
        json_decref(request);
        return answer_error(NULL, "error", "the request line is not a JSON object: %s", error.text);
    }
    op = json_object_get(request, "op");
    if (json_is_string(op) && strcmp(json_string_value(op), "hello") == 0) {
        json_t *protocol = json_object_get(request, "protocol");
        if (!json_is_integer(protocol) || json_integer_value(protocol) < 1)
            response = answer_error(request, "error", "only protocol 1 is supported");
        else
            response = json_pack("{s:b,s:i,s:{s:s,s:s,s:s},s:[s,s],s:[s,s]}", "ok", 1, "protocol", 1, "implementation",
                                 "name", binding->name, "version", binding->version, "language", "c", "roles",
                                 "verifier", "signer", "profiles", "kustomer", "sunshine");
    } else if (json_is_string(op) && strcmp(json_string_value(op), "verify") == 0) {
        response = verify_request(binding, request);
    } else if (json_is_string(op) && strcmp(json_string_value(op), "sign") == 0) {
        response = sign_request(binding, request);
    } else {
        response = answer_error(request, "skip", "unknown op %s", json_is_string(op) ? json_string_value(op) : "(none)");
    }
    json_decref(request);
    if (!response) response = answer_error(NULL, "error", "the testee could not build its answer");
    return response;
}

int serve(const binding_t *binding) {
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    const char *problem = binding->startup_problem ? binding->startup_problem() : NULL;
    if (problem) fprintf(stderr, "%s: %s\n", binding->name, problem);
    while ((length = getline(&line, &capacity, stdin)) >= 0) {
        json_t *response;
        char *text;
        if (strspn(line, " \t\r\n") == (size_t)length) continue;
        if (memchr(line, '\0', (size_t)length)) response = answer_error(NULL, "error", "the request line holds a NUL byte");
        else response = answer_line(binding, line);
        text = json_dumps(response, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(response);
        if (!text) text = strdup("{\"id\":null,\"result\":\"error\",\"message\":\"unserialisable response\"}");
        fputs(text, stdout);
        fputc('\n', stdout);
        fflush(stdout);
        free(text);
    }
    free(line);
    return 0;
}
