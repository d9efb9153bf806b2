/*
 * Shared plumbing for the C testees of jwt-conformance (protocol version 1, PROTOCOL.md): the
 * request loop (JSON with jansson, the parser libjwt and rhonabwy use themselves), the vendor
 * profiles (read from the data files Vectors/profiles/<id>.json), the profile rules no generic JWT
 * library enforces, in the stage order of
 * Adapters/python/testee_common.py, and the signing input. A testee (libjwt_testee.c,
 * rhonabwy_testee.c) supplies a binding: its library's verify and sign.
 */
#ifndef TESTEE_COMMON_H
#define TESTEE_COMMON_H

#include <jansson.h>
#include <stddef.h>

/* A rejection: reason is one of the vocabulary's (Vectors/README.md), or NULL when unknown. */
typedef struct {
    const char *reason;
    char message[512];
    int is_error; /* not a rejection: the request is answered error with the message */
    int is_declined; /* not a rejection: the request is answered skip (something the library cannot be given) */
} rejection_t;

/* A vendor profile, read from a data file Vectors/profiles/<id>.json (load_profiles). */
typedef struct {
    char *name;
    char *typ;                 /* the typ a signer writes and a verifier accepts when present, or NULL */
    int typ_required;          /* a header without typ is refused (only when typ is not NULL) */
    int kid_required;          /* the key is selected by kid, which must be present */
    char **identity_claims;    /* claim names, in precedence order */
    char **identity_kinds;     /* the identity kind each claim gives */
    int identity_count;
    char *scope_claim;         /* a claim that must hold scope_value, or NULL */
    char *scope_value;
    int iat_required;
    int has_iat_window;        /* now - iat_max_age <= iat <= now + iat_max_future */
    long long iat_max_age;
    long long iat_max_future;
    int exp_required;
} profile_t;

/* The environment variable naming the folder of profile files; without it, the repository's
 * Vectors/profiles, found from the executable's place (Adapters/c/.bin). */
#define PROFILES_ENV "JWT_CONFORMANCE_PROFILES"

/* Reads every profile file of the folder (NULL: $JWT_CONFORMANCE_PROFILES or the repository's);
 * a file with a member this loader does not know, a value of the wrong type, or a rule the
 * adapters leave to their library in a form no library here is configured for, is left out with a
 * note on stderr naming the file and the member. serve() calls it; returns how many loaded. */
size_t load_profiles(const char *folder);

typedef struct {
    const char *kid; /* NULL when the key has no id */
    const char *secret;
    size_t secret_len;
} testee_key_t;

/* What one library provides. verify returns the identity (a new json object {kind, value}) or
 * NULL with *rejection filled; sign returns a malloc'd token or NULL with error filled. */
typedef struct {
    const char *name;
    const char *version;
    const char *(*startup_problem)(void);
    json_t *(*verify)(const profile_t *profile, const char *token, const testee_key_t *keys, size_t key_count,
                      long long now, rejection_t *rejection);
    char *(*sign)(const profile_t *profile, json_t *header, json_t *claims, const testee_key_t *key,
                  char *error, size_t error_size);
} binding_t;

/* 0 when r was filled, so `return reject(...)` reads naturally in a check. */
int reject(rejection_t *r, const char *reason, const char *format, ...) __attribute__((format(printf, 3, 4)));
int reason_stage(const char *reason);
/* Whether a signature segment is the canonical base64url of 32 bytes (43 characters of the
 * alphabet, the last one with its two unused bits zero): only then is a library's refusal of it
 * certainly a MAC mismatch rather than a malformed segment. */
int is_canonical_hs256_signature(const char *signature);

/* The adapter's rules. Each returns 1 and fills r on a defect, 0 otherwise. */
int check_header(json_t *header, const profile_t *profile, rejection_t *r);
const testee_key_t *select_key(json_t *header, const testee_key_t *keys, size_t key_count,
                               const profile_t *profile, rejection_t *r);
json_t *resolve_identity(json_t *claims, const profile_t *profile, rejection_t *r);
int check_scope(json_t *claims, const profile_t *profile, rejection_t *r);
/* A required iat (Kustomer) or exp, a claims-stage check. */
int check_iat_required(json_t *claims, const profile_t *profile, rejection_t *r);
/* exp, nbf and iat for a library with no claim validation at all (RFC 7519 §4.1.4-6 at now,
 * the profile's iat window included), on the numbers jansson read. */
int check_times(json_t *claims, const profile_t *profile, long long now, rejection_t *r);
/* The profile's iat window on an iat the library already accepted: without check_future only
 * iat >= now - maximum age is checked (for a library that refuses any future iat itself). */
int check_iat_window(json_t *claims, const profile_t *profile, long long now, int check_future, rejection_t *r);

/* Runs the request loop on stdin/stdout until end of input. */
int serve(const binding_t *binding);
/* Answers one request line (for the adapters' tests): a new JSON object. */
json_t *answer_line(const binding_t *binding, const char *line);

#endif
