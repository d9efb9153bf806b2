/*
 * Shared plumbing for the C testees: see testee_common.h. The profile rules here are the ones
 * Adapters/python/testee_common.py and Adapters/go/testee.go add for their libraries, from the
 * same data files (Vectors/profiles/<id>.json) and in the same stage order; nothing here reads the
 * wall clock.
 */
#define _GNU_SOURCE
#include "testee_common.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- profiles ------------------------------------------------------------------------------ */

#define MAX_PROFILES 64
static profile_t profiles[MAX_PROFILES];
static size_t profile_count;

static const char *const known_top[] = {"$schema", "id", "title", "sources", "algorithms", "header", "identityClaims",
                                        "scope", "issuedAt", "expiration", "notBefore", "name", "idPrefix", "session", NULL};
static const char *const known_header[] = {"typ", "typRequired", "keyIdRequired", "understoodCriticalParameters", NULL};
static const char *const known_identity[] = {"claim", "kind", NULL};
static const char *const known_scope[] = {"claim", "value", NULL};
static const char *const known_issued_at[] = {"required", "maximumAge", "maximumFutureSkew", NULL};
static const char *const known_expiration[] = {"honoured", "required", NULL};
static const char *const known_not_before[] = {"honoured", NULL};

/* Each check fills problem and returns 0 on a defect. */
static int profile_object(json_t *value, const char *member, const char *const *known, const char *const *required,
                          char *problem, size_t size) {
    const char *name;
    json_t *item;
    if (!json_is_object(value)) { snprintf(problem, size, "member \"%s\" must be an object", member); return 0; }
    json_object_foreach(value, name, item) {
        int found = 0;
        for (size_t i = 0; known[i]; i++) found |= strcmp(known[i], name) == 0;
        if (!found) {
            snprintf(problem, size, "member \"%s%s%s\" is not known to this adapter, which cannot honour it", member,
                     *member ? "." : "", name);
            return 0;
        }
    }
    for (size_t i = 0; required[i]; i++)
        if (!json_object_get(value, required[i])) {
            snprintf(problem, size, "member \"%s%s%s\" is missing", member, *member ? "." : "", required[i]);
            return 0;
        }
    return 1;
}

static int profile_string(json_t *value, const char *member, char **out, char *problem, size_t size) {
    if (!json_is_string(value) || memchr(json_string_value(value), '\0', json_string_length(value))) {
        snprintf(problem, size, "member \"%s\" must be a string (without NUL)", member);
        return 0;
    }
    *out = strdup(json_string_value(value));
    return 1;
}

static int profile_boolean(json_t *value, const char *member, int *out, char *problem, size_t size) {
    if (!json_is_boolean(value)) { snprintf(problem, size, "member \"%s\" must be a boolean", member); return 0; }
    *out = json_is_true(value);
    return 1;
}

static int profile_strings(json_t *value, const char *member, char *problem, size_t size) {
    size_t index;
    json_t *item;
    if (!json_is_array(value)) { snprintf(problem, size, "member \"%s\" must be an array of strings", member); return 0; }
    json_array_foreach(value, index, item)
        if (!json_is_string(item)) { snprintf(problem, size, "member \"%s\" must be an array of strings", member); return 0; }
    return 1;
}

static void free_profile(profile_t *p) {
    for (int i = 0; i < p->identity_count; i++) { free(p->identity_claims[i]); free(p->identity_kinds[i]); }
    free(p->identity_claims);
    free(p->identity_kinds);
    free(p->name);
    free(p->typ);
    free(p->scope_claim);
    free(p->scope_value);
    memset(p, 0, sizeof *p);
}

/* Reads one profile file's JSON into p; 0 with problem filled when it cannot be honoured. */
static int profile_from_json(json_t *top, profile_t *p, char *problem, size_t size) {
    static const char *const required_top[] = {"id", "title", "sources", "algorithms", "header", "identityClaims",
                                               "expiration", "notBefore", NULL};
    static const char *const required_header[] = {"typRequired", "keyIdRequired", "understoodCriticalParameters", NULL};
    json_t *algorithms, *header, *claims, *scope, *issued_at, *expiration, *not_before, *rule, *value;
    size_t index;
    int honoured;
    char member[64];

    memset(p, 0, sizeof *p);
    if (!profile_object(top, "", known_top, required_top, problem, size)) return 0;
    if (!profile_string(json_object_get(top, "id"), "id", &p->name, problem, size)) return 0;
    if (!*p->name) { snprintf(problem, size, "member \"id\" must not be empty"); return 0; }
    algorithms = json_object_get(top, "algorithms");
    if (!profile_strings(algorithms, "algorithms", problem, size)) return 0;
    if (json_array_size(algorithms) != 1 || strcmp(json_string_value(json_array_get(algorithms, 0)), "HS256") != 0 ||
        json_string_length(json_array_get(algorithms, 0)) != 5) {
        snprintf(problem, size, "member \"algorithms\" is not [\"HS256\"]: the adapters restrict their library to HS256 and support exactly [\"HS256\"]");
        return 0;
    }
    header = json_object_get(top, "header");
    if (!profile_object(header, "header", known_header, required_header, problem, size)) return 0;
    value = json_object_get(header, "typ");
    if (value && !json_is_null(value) && !profile_string(value, "header.typ", &p->typ, problem, size)) return 0;
    if (!profile_boolean(json_object_get(header, "typRequired"), "header.typRequired", &p->typ_required, problem, size)) return 0;
    if (!profile_boolean(json_object_get(header, "keyIdRequired"), "header.keyIdRequired", &p->kid_required, problem, size)) return 0;
    value = json_object_get(header, "understoodCriticalParameters");
    if (!profile_strings(value, "header.understoodCriticalParameters", problem, size)) return 0;
    if (json_array_size(value) > 0) {
        snprintf(problem, size, "member \"header.understoodCriticalParameters\" is not empty: crit is the library's check, and no library here is told of understood extensions");
        return 0;
    }
    claims = json_object_get(top, "identityClaims");
    if (!json_is_array(claims)) { snprintf(problem, size, "member \"identityClaims\" must be an array"); return 0; }
    p->identity_claims = calloc(json_array_size(claims) + 1, sizeof *p->identity_claims);
    p->identity_kinds = calloc(json_array_size(claims) + 1, sizeof *p->identity_kinds);
    json_array_foreach(claims, index, rule) {
        static const char *const required_identity[] = {"claim", "kind", NULL};
        char *claim = NULL, *kind = NULL;
        snprintf(member, sizeof member, "identityClaims[%zu]", index);
        if (!profile_object(rule, member, known_identity, required_identity, problem, size)) return 0;
        snprintf(member, sizeof member, "identityClaims[%zu].kind", index);
        if (!profile_string(json_object_get(rule, "kind"), member, &kind, problem, size)) return 0;
        if (strcmp(kind, "email") != 0 && strcmp(kind, "externalId") != 0) {
            snprintf(problem, size, "member \"%s\" is \"%s\", not \"email\" or \"externalId\"", member, kind);
            free(kind);
            return 0;
        }
        snprintf(member, sizeof member, "identityClaims[%zu].claim", index);
        if (!profile_string(json_object_get(rule, "claim"), member, &claim, problem, size)) { free(kind); return 0; }
        p->identity_claims[p->identity_count] = claim;
        p->identity_kinds[p->identity_count] = kind;
        p->identity_count++;
    }
    scope = json_object_get(top, "scope");
    if (scope && !json_is_null(scope)) {
        static const char *const required_scope[] = {"claim", "value", NULL};
        if (!profile_object(scope, "scope", known_scope, required_scope, problem, size)) return 0;
        if (!profile_string(json_object_get(scope, "claim"), "scope.claim", &p->scope_claim, problem, size)) return 0;
        if (!profile_string(json_object_get(scope, "value"), "scope.value", &p->scope_value, problem, size)) return 0;
    }
    issued_at = json_object_get(top, "issuedAt");
    if (issued_at && !json_is_null(issued_at)) {
        static const char *const required_issued_at[] = {"required", "maximumAge", "maximumFutureSkew", NULL};
        if (!profile_object(issued_at, "issuedAt", known_issued_at, required_issued_at, problem, size)) return 0;
        if (!profile_boolean(json_object_get(issued_at, "required"), "issuedAt.required", &p->iat_required, problem, size)) return 0;
        if (!json_is_integer(json_object_get(issued_at, "maximumAge")) || !json_is_integer(json_object_get(issued_at, "maximumFutureSkew"))) {
            snprintf(problem, size, "member \"issuedAt.maximumAge\" and \"issuedAt.maximumFutureSkew\" must be 64-bit integers");
            return 0;
        }
        p->has_iat_window = 1;
        p->iat_max_age = json_integer_value(json_object_get(issued_at, "maximumAge"));
        p->iat_max_future = json_integer_value(json_object_get(issued_at, "maximumFutureSkew"));
    }
    expiration = json_object_get(top, "expiration");
    if (!profile_object(expiration, "expiration", known_expiration, known_expiration, problem, size)) return 0;
    if (!profile_boolean(json_object_get(expiration, "honoured"), "expiration.honoured", &honoured, problem, size)) return 0;
    if (!honoured) {
        snprintf(problem, size, "member \"expiration.honoured\" is false: exp is the library's check, which no library here can switch off");
        return 0;
    }
    if (!profile_boolean(json_object_get(expiration, "required"), "expiration.required", &p->exp_required, problem, size)) return 0;
    not_before = json_object_get(top, "notBefore");
    if (!profile_object(not_before, "notBefore", known_not_before, known_not_before, problem, size)) return 0;
    if (!profile_boolean(json_object_get(not_before, "honoured"), "notBefore.honoured", &honoured, problem, size)) return 0;
    if (!honoured) {
        snprintf(problem, size, "member \"notBefore.honoured\" is false: nbf is the library's check, which no library here can switch off");
        return 0;
    }
    return 1;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

size_t load_profiles(const char *folder) {
    char *default_folder = NULL, executable[4096];
    struct dirent *entry;
    char **names = NULL;
    size_t name_count = 0;
    DIR *dir;

    while (profile_count > 0) free_profile(&profiles[--profile_count]);
    if (!folder) folder = getenv(PROFILES_ENV);
    if (!folder || !*folder) {
        ssize_t length = readlink("/proc/self/exe", executable, sizeof executable - 1);
        if (length > 0) {
            executable[length] = '\0';
            if (asprintf(&default_folder, "%s/../../../Vectors/profiles", dirname(executable)) < 0) default_folder = NULL;
        }
        folder = default_folder ? default_folder : "Vectors/profiles";
    }
    if (!(dir = opendir(folder))) {
        fprintf(stderr, "profiles: cannot read the folder %s: %s; no profile is declared\n", folder, strerror(errno));
        free(default_folder);
        return 0;
    }
    while ((entry = readdir(dir))) {
        size_t length = strlen(entry->d_name);
        if (length > 5 && strcmp(entry->d_name + length - 5, ".json") == 0) {
            names = realloc(names, (name_count + 1) * sizeof *names);
            names[name_count++] = strdup(entry->d_name);
        }
    }
    closedir(dir);
    if (name_count) qsort(names, name_count, sizeof *names, by_name);
    for (size_t i = 0; i < name_count; i++) {
        char *path = NULL, problem[512] = "";
        json_error_t error;
        json_t *document;
        profile_t p;
        int repeated = 0;
        if (asprintf(&path, "%s/%s", folder, names[i]) < 0) continue;
        document = json_load_file(path, JSON_REJECT_DUPLICATES, &error);
        if (!document) {
            fprintf(stderr, "profiles: %s is not read: %s; the profile is not declared\n", path, error.text);
        } else if (!profile_from_json(document, &p, problem, sizeof problem)) {
            fprintf(stderr, "profiles: %s: %s; the profile is not declared\n", path, problem);
            free_profile(&p);
        } else {
            for (size_t j = 0; j < profile_count; j++) repeated |= strcmp(profiles[j].name, p.name) == 0;
            if (repeated || profile_count == MAX_PROFILES) {
                fprintf(stderr, "profiles: %s %s; it is not declared\n", path,
                        repeated ? "repeats an id" : "is one profile more than this testee holds");
                free_profile(&p);
            } else {
                profiles[profile_count++] = p;
            }
        }
        json_decref(document);
        free(path);
        free(names[i]);
    }
    free(names);
    free(default_folder);
    return profile_count;
}


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
    if (!typ && profile->typ && profile->typ_required)
        return reject(r, "invalid-header", "the header has no typ (expected \"%s\")", profile->typ);
    if (typ && profile->typ) {
        if (!json_is_string(typ)) return reject(r, "invalid-header", "typ is %s, not a string", type_name(typ));
        if (!same_media_type(json_string_value(typ), json_string_length(typ), profile->typ))
            return reject(r, "invalid-header", "typ \"%s\" is not \"%s\"", json_string_value(typ), profile->typ);
    }
    if (profile->kid_required) {
        json_t *kid = json_object_get(header, "kid");
        if (!kid) return reject(r, "invalid-header", "Missing key id (kid)");
        if (!json_is_string(kid)) return reject(r, "invalid-header", "kid is %s, not a string", type_name(kid));
    }
    return 0;
}

/* When the profile requires kid, a string kid naming a key selects it and nothing else does.
 * Otherwise the token does not name its key: kid is ignored and the key set's first key is used
 * (AMB-IC-KEYS: the first, current secret is the one required). */
const testee_key_t *select_key(json_t *header, const testee_key_t *keys, size_t key_count,
                               const profile_t *profile, rejection_t *r) {
    json_t *kid = json_object_get(header, "kid");
    if (key_count == 0) { reject(r, "unknown-key", "the key set is empty"); return NULL; }
    if (!profile->kid_required) return &keys[0];
    if (!json_is_string(kid)) { reject(r, "unknown-key", "no key can be selected without a string kid"); return NULL; }
    for (size_t i = 0; i < key_count; i++)
        if (keys[i].kid && strlen(keys[i].kid) == json_string_length(kid) &&
            memcmp(keys[i].kid, json_string_value(kid), json_string_length(kid)) == 0)
            return &keys[i];
    reject(r, "unknown-key", "no key has kid \"%s\"", json_string_value(kid));
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
    const char *claim = profile->scope_claim;
    if (!claim) return 0;
    scope = json_object_get(claims, claim);
    if (!scope) return reject(r, "missing-claim", "the payload has no \"%s\" claim", claim);
    if (!json_is_string(scope)) return reject(r, "invalid-claim-type", "claim \"%s\" is %s, not a string", claim, type_name(scope));
    if (json_string_length(scope) != strlen(profile->scope_value) || strcmp(json_string_value(scope), profile->scope_value) != 0)
        return reject(r, "invalid-claim-value", "claim \"%s\" is \"%s\", not \"%s\"", claim, json_string_value(scope), profile->scope_value);
    return 0;
}

int check_iat_required(json_t *claims, const profile_t *profile, rejection_t *r) {
    if (profile->iat_required && !json_object_get(claims, "iat"))
        return reject(r, "missing-claim", "the payload has no \"iat\" claim");
    if (profile->exp_required && !json_object_get(claims, "exp"))
        return reject(r, "missing-claim", "the payload has no \"exp\" claim");
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
    long long earliest, latest;
    if (!profile->has_iat_window || !iat) return 0;
    if (!json_is_number(iat)) return reject(r, "invalid-claim-type", "claim \"iat\" is %s, not a number", type_name(iat));
    numeric_bounds(iat, &low, &high);
    if (__builtin_sub_overflow(now, profile->iat_max_age, &earliest)) earliest = profile->iat_max_age > 0 ? LLONG_MIN : LLONG_MAX;
    if (__builtin_add_overflow(now, profile->iat_max_future, &latest)) latest = profile->iat_max_future > 0 ? LLONG_MAX : LLONG_MIN;
    if (low < earliest)
        return reject(r, "issued-at-out-of-window", "iat is more than %lld s before now (%lld)", profile->iat_max_age, now);
    if (check_future && high > latest)
        return reject(r, "issued-at-out-of-window", "iat is more than %lld s after now (%lld)", profile->iat_max_future, now);
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
    for (size_t i = 0; i < profile_count; i++)
        if (strcmp(profiles[i].name, json_string_value(name)) == 0 && strlen(profiles[i].name) == json_string_length(name))
            return &profiles[i];
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

    header = json_pack("{s:s}", "alg", "HS256");
    if (profile->typ) json_object_set_new(header, "typ", json_string(profile->typ));
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
    if (profile->scope_claim) json_object_set_new(claims, profile->scope_claim, json_string(profile->scope_value));
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
        else {
            json_t *declared = json_array();
            for (size_t i = 0; i < profile_count; i++) json_array_append_new(declared, json_string(profiles[i].name));
            response = json_pack("{s:b,s:i,s:{s:s,s:s,s:s},s:[s,s],s:o}", "ok", 1, "protocol", 1, "implementation",
                                 "name", binding->name, "version", binding->version, "language", "c", "roles",
                                 "verifier", "signer", "profiles", declared);
        }
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
    load_profiles(NULL);
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
