/*
 * The jwt-conformance testee (protocol version 1, PROTOCOL.md) for libjwt 1.x, as Debian packages
 * it (libjwt-dev, 1.10.2, built against OpenSSL and jansson), built by Adapters/c/build.sh.
 *
 * What libjwt does here (its own code, its own deviations), all in jwt_decode (libjwt/jwt.c):
 *   - splitting the compact form, base64url (jwt_b64_decode, jwt_Base64decode) and JSON (jansson's
 *     json_loads) of the header and the payload;
 *   - alg read by jwt_str_alg, typ refused unless "JWT" (jwt_verify_head), alg "none" refused
 *     with a key;
 *   - HMAC-SHA-256 with the secret's UTF-8 bytes as the key, any length (jwt_verify_sha_hmac,
 *     which compares the base64url of the MAC with the signature segment).
 * libjwt 1.10.2 has no algorithm allow-list and no claim validation (the jwt_valid_* API came
 * in 1.12), and it cannot read a header before the signature is checked. So the adapter:
 *   - reads the header for key selection with libjwt's own decoding (jwt_b64_decode, exported by
 *     libjwt.so though not in jwt.h, then json_loads, as jwt_b64_decode_json does), and reads the
 *     payload the same way only to name a reason when jwt_decode refuses a token;
 *   - allows only HS256, on libjwt's own reading of alg (jwt_get_alg);
 *   - adds the profile rules of testee_common.c, and checks exp, nbf and iat itself at the
 *     request's now (check_times), on the numbers jansson read. libjwt reads no clock at all.
 * Errors are mapped to reasons only where certain; otherwise the rejection has no reason.
 */
#define _GNU_SOURCE
#include "testee_common.h"

#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef LIBRARY_VERSION
#define LIBRARY_VERSION "unknown"
#endif

/* Exported by libjwt.so (libjwt/jwt.c), not declared in jwt.h: the base64url decoding jwt_decode
 * applies to the header and the payload. It returns a malloc'd buffer with room for a NUL. */
extern void *jwt_b64_decode(const char *src, int *ret_len);

/* A segment of the token read as jwt_b64_decode_json (libjwt/jwt.c) reads it; NULL when libjwt
 * cannot decode it. */
static json_t *libjwt_read_segment(const char *token, size_t start, size_t end) {
    char *segment = strndup(token + start, end - start);
    int length = 0;
    char *decoded;
    json_t *value = NULL;
    if (!segment) return NULL;
    decoded = jwt_b64_decode(segment, &length);
    free(segment);
    if (!decoded) return NULL;
    decoded[length] = '\0';
    value = json_loads(decoded, 0, NULL);
    free(decoded);
    return value;
}

/* Why jwt_decode refused the token, where certain; NULL otherwise. */
static const char *libjwt_refusal(json_t *header, json_t *payload, const char *signature, char *why, size_t size) {
    json_t *alg = json_object_get(header, "alg"), *typ = json_object_get(header, "typ");
    if (!json_is_object(header)) { snprintf(why, size, "libjwt cannot decode the header as a JSON object"); return "malformed"; }
    if (!payload) { snprintf(why, size, "libjwt cannot decode the payload as JSON"); return "malformed"; }
    if (!signature) { snprintf(why, size, "the token has no signature segment"); return "malformed"; }
    if (strchr(signature, '.')) { snprintf(why, size, "the token has more than three segments"); return "malformed"; }
    if (!json_is_string(alg)) { snprintf(why, size, "libjwt refused the token: alg is not a string"); return NULL; }
    if (jwt_str_alg(json_string_value(alg)) != JWT_ALG_HS256) {
        snprintf(why, size, "alg \"%s\" is not HS256", json_string_value(alg));
        return "algorithm-not-allowed";
    }
    if (json_is_string(typ) && strcasecmp(json_string_value(typ), "JWT") != 0) {
        snprintf(why, size, "libjwt refuses typ \"%s\" (jwt_verify_head)", json_string_value(typ));
        return "invalid-header";
    }
    if (is_canonical_hs256_signature(signature)) { snprintf(why, size, "libjwt: the signature does not match (jwt_verify_sha_hmac)"); return "bad-signature"; }
    snprintf(why, size, "libjwt refused the token (its signature segment is not a base64url HMAC-SHA-256)");
    return NULL;
}

static json_t *libjwt_verify(const profile_t *profile, const char *token, const testee_key_t *keys, size_t key_count,
                             long long now, rejection_t *r) {
    static const char placeholder[] = "\0no key matches this token\0";
    const char *first = strchr(token, '.'), *second = first ? strchr(first + 1, '.') : NULL;
    json_t *header = first ? libjwt_read_segment(token, 0, (size_t)(first - token)) : NULL;
    json_t *payload = second ? libjwt_read_segment(token, (size_t)(first + 1 - token), (size_t)(second - token)) : NULL;
    json_t *empty = json_object(), *claims = NULL, *identity = NULL;
    rejection_t header_defect = {0}, key_defect = {0};
    int has_header_defect, has_key_defect;
    const testee_key_t *key;
    const unsigned char *secret = (const unsigned char *)placeholder;
    int secret_length = (int)sizeof placeholder - 1;
    jwt_t *jwt = NULL;
    char *grants;
    int status;

    has_header_defect = check_header(json_is_object(header) ? header : empty, profile, &header_defect);
    key = select_key(json_is_object(header) ? header : empty, keys, key_count, profile, &key_defect);
    has_key_defect = key == NULL;
    if (key && key->secret_len == 0) {
        /* jwt_decode takes a zero-length key as no key and then skips the signature check
         * (jwt_verify_head, jwt_scrub_key): libjwt cannot verify under an empty secret. */
        reject(&key_defect, "unknown-key", "libjwt cannot verify with an empty secret (jwt_decode treats it as no key)");
        has_key_defect = 1;
        key = NULL;
    }
    if (key) {
        if (key->secret_len > 0x7fffffff) { reject(r, NULL, "the secret is too long for libjwt"); goto done; }
        secret = (const unsigned char *)key->secret;
        secret_length = (int)key->secret_len;
    }
    status = jwt_decode(&jwt, token, secret, secret_length);
    if (status != 0) {
        char why[300];
        const char *reason = libjwt_refusal(header, payload, second ? second + 1 : NULL, why, sizeof why);
        if (reason_stage(reason) > 2 && has_header_defect) *r = header_defect;
        else if (reason_stage(reason) > 2 && has_key_defect) *r = key_defect;
        else reject(r, reason, "jwt_decode: error %d: %s", status, why);
        goto done;
    }
    if (jwt_get_alg(jwt) != JWT_ALG_HS256) {
        reject(r, "algorithm-not-allowed", "libjwt reads alg as %s, not HS256", jwt_alg_str(jwt_get_alg(jwt)));
        goto done;
    }
    if (has_header_defect) { *r = header_defect; goto done; }
    if (has_key_defect) { *r = key_defect; goto done; }
    grants = jwt_get_grants_json(jwt, NULL);
    claims = grants ? json_loads(grants, JSON_DECODE_ANY, NULL) : NULL;
    free(grants);
    if (!json_is_object(claims)) { reject(r, "malformed", "the payload is not a JSON object"); goto done; }
    identity = resolve_identity(claims, profile, r);
    if (identity && (check_scope(claims, profile, r) || check_iat_required(claims, profile, r) ||
                     check_times(claims, profile, now, r))) {
        json_decref(identity);
        identity = NULL;
    }
done:
    jwt_free(jwt);
    json_decref(header);
    json_decref(payload);
    json_decref(empty);
    json_decref(claims);
    return identity;
}

static char *libjwt_sign(const profile_t *profile, json_t *header, json_t *claims, const testee_key_t *key,
                         char *error, size_t size) {
    jwt_t *jwt = NULL;
    char *text = NULL, *token = NULL;
    int status;
    if (!profile->typ || strcmp(profile->typ, "JWT") != 0) {
        /* jwt_encode writes typ "JWT" itself (jwt_write_head), whatever the header says. */
        snprintf(error, size, "libjwt always writes typ \"JWT\", and profile %s wants %s%s%s", profile->name,
                 profile->typ ? "typ \"" : "no typ", profile->typ ? profile->typ : "", profile->typ ? "\"" : "");
        return NULL;
    }
    if (key->secret_len > 0x7fffffff) { snprintf(error, size, "the secret is too long for libjwt (an int length)"); return NULL; }
    if ((status = jwt_new(&jwt)) != 0) { snprintf(error, size, "jwt_new: error %d", status); return NULL; }
    text = json_dumps(claims, JSON_COMPACT);
    if ((status = jwt_add_grants_json(jwt, text)) != 0) { snprintf(error, size, "jwt_add_grants_json: error %d", status); goto done; }
    if (json_object_get(header, "kid") && (status = jwt_add_header(jwt, "kid", json_string_value(json_object_get(header, "kid")))) != 0) {
        snprintf(error, size, "jwt_add_header kid: error %d", status);
        goto done;
    }
    /* jwt_encode writes alg and typ "JWT" itself (jwt_write_head). */
    if ((status = jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)key->secret, (int)key->secret_len)) != 0) {
        snprintf(error, size, "jwt_set_alg: error %d", status);
        goto done;
    }
    if (!(token = jwt_encode_str(jwt))) snprintf(error, size, "jwt_encode_str failed");
done:
    free(text);
    jwt_free(jwt);
    return token;
}

const binding_t libjwt_binding = {"libjwt", LIBRARY_VERSION, NULL, libjwt_verify, libjwt_sign};

#ifndef TESTEE_NO_MAIN
int main(void) { return serve(&libjwt_binding); }
#endif
