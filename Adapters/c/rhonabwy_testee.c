/*
 * The jwt-conformance testee (protocol version 1, PROTOCOL.md) for rhonabwy, as Debian packages it
 * (librhonabwy-dev, 1.1.11, on GnuTLS and jansson), built by Adapters/c/build.sh.
 *
 * What rhonabwy does here (its own code, its own deviations):
 *   - parsing (r_jwt_advanced_parsen with R_PARSE_NONE: no key is taken from the header, no URL is
 *     fetched, an unsigned token is refused): splitting, base64url, the JSON of the header and the
 *     payload (jansson), the alg names it knows (src/jws.c r_jws_extract_header);
 *   - HMAC-SHA-256 with the secret's UTF-8 bytes (r_jwk_import_from_symmetric_key, then
 *     r_jwt_verify_signature);
 *   - exp, nbf and iat: r_jwt_validate_claims, each asked with the request's now as its value
 *     (R_JWT_CLAIM_EXP, now: refused when exp < now; R_JWT_CLAIM_NBF and _IAT: refused when the
 *     claim is after now). That value replaces the wall clock r_jwt_validate_claims reads for
 *     R_JWT_CLAIM_NOW, so no faketime is needed; it is an int, so a now outside 1..INT_MAX is
 *     answered skip (declined). rhonabwy treats a claim asked for as required, so the adapter asks only for
 *     the ones present.
 * What this adapter adds (testee_common.c): the HS256 allow-list on rhonabwy's reading of alg
 * (r_jwt_get_sign_alg), typ, Sunshine kid, key selection by kid, identity claims, Sunshine scope,
 * Kustomer's required iat and the past bound of its window (rhonabwy refuses any iat after now,
 * a stricter future bound than the profile's 900 s).
 * A start-up self-test checks that exp is judged at the injected time (a token with exp 1001 is
 * valid at 1001 and refused at 1002); if not, every verify is answered error.
 * Errors are mapped to reasons only where certain; otherwise the rejection has no reason.
 */
#define _GNU_SOURCE
#include "testee_common.h"

#include <limits.h>
#include <rhonabwy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LIBRARY_VERSION
#define LIBRARY_VERSION "unknown"
#endif

static const char *clock_problem = NULL;

static jwk_t *symmetric_key(const char *secret, size_t length) {
    jwk_t *jwk = NULL;
    if (r_jwk_init(&jwk) != RHN_OK) return NULL;
    if (r_jwk_import_from_symmetric_key(jwk, (const unsigned char *)secret, length) != RHN_OK) {
        r_jwk_free(jwk);
        return NULL;
    }
    return jwk;
}

/* r_jwt_validate_claims for one NumericDate claim at now: RHN_OK or its error. */
static int validate_claim(jwt_t *jwt, const char *name, long long now) {
    rhn_claim_opt option = strcmp(name, "exp") == 0 ? R_JWT_CLAIM_EXP : strcmp(name, "nbf") == 0 ? R_JWT_CLAIM_NBF : R_JWT_CLAIM_IAT;
    return r_jwt_validate_claims(jwt, option, (int)now, R_JWT_CLAIM_NOP);
}

static const char *self_test(void) {
    static char problem[200];
    jwt_t *jwt = NULL;
    jwk_t *jwk = symmetric_key("clock-self-test-secret-0123456789", 33);
    char *token = NULL;
    const char *result = NULL;
    if (!jwk || r_jwt_init(&jwt) != RHN_OK || r_jwt_set_claim_int_value(jwt, "exp", 1001) != RHN_OK ||
        r_jwt_set_sign_alg(jwt, R_JWA_ALG_HS256) != RHN_OK || !(token = r_jwt_serialize_signed(jwt, jwk, 0))) {
        result = "cannot inject now into rhonabwy: cannot sign the self-test token";
        goto done;
    }
    r_jwt_free(jwt);
    jwt = NULL;
    if (r_jwt_init(&jwt) != RHN_OK || r_jwt_advanced_parse(jwt, token, R_PARSE_NONE, 0) != RHN_OK) {
        result = "cannot inject now into rhonabwy: cannot parse the self-test token";
        goto done;
    }
    if (validate_claim(jwt, "exp", 1001) != RHN_OK) result = "cannot inject now into rhonabwy: exp 1001 refused at 1001";
    else if (validate_claim(jwt, "exp", 1002) == RHN_OK) result = "cannot inject now into rhonabwy: exp 1001 accepted at 1002";
done:
    if (result) snprintf(problem, sizeof problem, "%s", result);
    r_free(token);
    r_jwt_free(jwt);
    r_jwk_free(jwk);
    return result ? problem : NULL;
}

static const char *rhonabwy_startup_problem(void) { return clock_problem; }

/* The time checks: rhonabwy's, for each claim present, at now; then the Kustomer window's past bound. */
static int check_times_with_rhonabwy(jwt_t *jwt, json_t *claims, const profile_t *profile, long long now, rejection_t *r) {
    static const char *const names[] = {"iat", "exp", "nbf"};
    static const char *const reasons[] = {"issued-at-out-of-window", "expired", "not-yet-valid"};
    int refused = -1;
    for (int i = 0; i < 3; i++) {
        json_t *value = json_object_get(claims, names[i]);
        if (!value || validate_claim(jwt, names[i], now) == RHN_OK) continue;
        if (!json_is_number(value))  /* the claims stage comes before the time stage */
            return reject(r, "invalid-claim-type", "r_jwt_validate_claims refuses %s: not a number", names[i]);
        if (refused < 0) refused = i;
    }
    if (refused >= 0) {
        json_t *value = json_object_get(claims, names[refused]);
        /* rhonabwy refuses a real, and an integer not above 0, for what it is: name only a time. */
        int certain = json_is_integer(value) && json_integer_value(value) > 0;
        return reject(r, certain ? reasons[refused] : NULL, "r_jwt_validate_claims refuses %s at now (%lld)", names[refused], now);
    }
    return check_iat_window(claims, profile, now, 0, r);
}

static json_t *rhonabwy_verify(const profile_t *profile, const char *token, const testee_key_t *keys, size_t key_count,
                               long long now, rejection_t *r) {
    jwt_t *jwt = NULL;
    jwk_t *jwk = NULL;
    json_t *header = NULL, *claims = NULL, *identity = NULL;
    rejection_t header_defect = {0}, key_defect = {0};
    int has_header_defect, status;
    const testee_key_t *key;
    const char *signature;

    if (now < 1 || now > INT_MAX) {
        reject(r, NULL, "now %lld is outside 1..%d, the range of the int r_jwt_validate_claims takes", now, INT_MAX);
        r->is_declined = 1;
        return NULL;
    }
    if (r_jwt_init(&jwt) != RHN_OK) { reject(r, NULL, "r_jwt_init failed"); r->is_error = 1; return NULL; }
    status = r_jwt_advanced_parsen(jwt, token, strlen(token), R_PARSE_NONE, 0);
    if (status != RHN_OK) {
        /* RHN_ERROR_INVALID: alg "none" without R_PARSE_UNSIGNED; RHN_ERROR: the payload is not JSON. */
        reject(r, status == RHN_ERROR_INVALID ? "algorithm-not-allowed" : status == RHN_ERROR ? "malformed" : NULL,
               "r_jwt_advanced_parsen: error %d", status);
        goto done;
    }
    if (r_jwt_get_type(jwt) != R_JWT_TYPE_SIGN) {
        reject(r, r_jwt_get_type(jwt) == R_JWT_TYPE_ENCRYPT ? "malformed" : NULL, "rhonabwy parsed the token as type %d, not a JWS", r_jwt_get_type(jwt));
        goto done;
    }
    header = r_jwt_get_full_header_json_t(jwt);
    if (!json_is_object(header)) { reject(r, "malformed", "the header is not a JSON object"); goto done; }
    if (r_jwt_get_sign_alg(jwt) != R_JWA_ALG_HS256) {
        reject(r, "algorithm-not-allowed", "alg \"%s\" is not HS256", json_string_value(json_object_get(header, "alg")));
        goto done;
    }
    has_header_defect = check_header(header, profile, &header_defect);
    key = select_key(header, keys, key_count, profile, &key_defect);
    if (key && !(jwk = symmetric_key(key->secret, key->secret_len))) {
        /* r_jwk_import_from_symmetric_key refuses an empty secret. */
        reject(&key_defect, "unknown-key", "rhonabwy refuses the key (r_jwk_import_from_symmetric_key)");
        key = NULL;
    }
    if (has_header_defect) { *r = header_defect; goto done; }
    if (!key) { *r = key_defect; goto done; }
    status = r_jwt_verify_signature(jwt, jwk, 0);
    if (status != RHN_OK) {
        signature = strrchr(token, '.') + 1;
        reject(r, status == RHN_ERROR_INVALID && is_canonical_hs256_signature(signature) ? "bad-signature" : NULL,
               "r_jwt_verify_signature: error %d", status);
        goto done;
    }
    claims = r_jwt_get_full_claims_json_t(jwt);
    if (!json_is_object(claims)) { reject(r, "malformed", "the payload is not a JSON object"); goto done; }
    identity = resolve_identity(claims, profile, r);
    if (identity && (check_scope(claims, profile, r) || check_iat_required(claims, profile, r) ||
                     check_times_with_rhonabwy(jwt, claims, profile, now, r))) {
        json_decref(identity);
        identity = NULL;
    }
done:
    r_jwk_free(jwk);
    r_jwt_free(jwt);
    json_decref(header);
    json_decref(claims);
    return identity;
}

static char *rhonabwy_sign(const profile_t *profile, json_t *header, json_t *claims, const testee_key_t *key,
                           char *error, size_t size) {
    jwt_t *jwt = NULL;
    jwk_t *jwk = symmetric_key(key->secret, key->secret_len);
    char *token = NULL, *copy = NULL;
    const char *name;
    json_t *value;
    if (!profile->typ) {
        /* r_jwt_serialize_signed writes typ "JWT" when the header has none. */
        snprintf(error, size, "rhonabwy writes typ \"JWT\" when given none, and profile %s wants no typ", profile->name);
        r_jwk_free(jwk);
        return NULL;
    }
    if (!jwk) { snprintf(error, size, "rhonabwy refuses the key (r_jwk_import_from_symmetric_key)"); return NULL; }
    if (r_jwt_init(&jwt) != RHN_OK || r_jwt_set_full_claims_json_t(jwt, claims) != RHN_OK) {
        snprintf(error, size, "r_jwt_set_full_claims_json_t failed");
        goto done;
    }
    json_object_foreach(header, name, value) {
        if (strcmp(name, "alg") != 0 && r_jwt_set_header_str_value(jwt, name, json_string_value(value)) != RHN_OK) {
            snprintf(error, size, "r_jwt_set_header_str_value %s failed", name);
            goto done;
        }
    }
    if (r_jwt_set_sign_alg(jwt, R_JWA_ALG_HS256) != RHN_OK) { snprintf(error, size, "r_jwt_set_sign_alg failed"); goto done; }
    if (!(token = r_jwt_serialize_signed(jwt, jwk, 0))) snprintf(error, size, "r_jwt_serialize_signed failed");
done:
    if (token) { copy = strdup(token); r_free(token); }
    r_jwt_free(jwt);
    r_jwk_free(jwk);
    return copy;
}

const binding_t rhonabwy_binding = {"rhonabwy", LIBRARY_VERSION, rhonabwy_startup_problem, rhonabwy_verify, rhonabwy_sign};

int main(void) {
    clock_problem = self_test();
    return serve(&rhonabwy_binding);
}
