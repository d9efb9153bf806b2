// square/go-jose v2 and its jwt package, as Debian packages them (golang-gopkg-square-go-jose.v2-dev).
//
// What go-jose does here (its own code, its own deviations):
//   - parsing: jwt.ParseSigned (jose.ParseSigned: whitespace stripped, the JSON serialization when
//     the token starts with "{", else the compact one; base64.RawURLEncoding; the header through its
//     fork of encoding/json into jose.Header), which also gives the adapter the header: KeyID,
//     Algorithm and ExtraHeaders (typ among them) rebuilt as a map;
//   - HMAC-SHA-256 with the secret's UTF-8 bytes as the key ([]byte(secret)), any length, and the
//     payload's JSON: JSONWebToken.Claims(secret, &map) (JSONWebSignature.Verify);
//   - exp, nbf and iat: JSONWebToken.Claims(secret, &jwt.Claims) reads them as jwt.NumericDate, then
//     jwt.Claims.ValidateWithLeeway(jwt.Expected{Time: now}, 0).
//
// The adapter adds (testee.go) the profiles' other rules, the alg allow-list (go-jose v2 has none:
// the header's alg must be "HS256", else algorithm-not-allowed; without it a []byte key verifies
// HS384 and HS512 too), and the past bound of Kustomer's iat window (go-jose refuses any iat after
// now, a stricter future bound than the profile's 900 s), on the jwt.NumericDate go-jose read.
//
// How now is injected: jwt.Expected.Time is the time the claims are validated at; the adapter
// passes the request's now. go-jose reads no clock when it is set.
//
// Reasons: ParseSigned's base64 and JSON syntax errors and its "compact JWS format must have three
// parts" (malformed); jose.ErrCryptoFailure from the signature check (bad-signature, unless the
// header has crit: an unsupported critical header is the same error, and then no error of the check
// has a reason); JSON errors of the payload (malformed; not a number beyond float64, valid JSON);
// jwt.ErrUnmarshalNumericDate (invalid-claim-type); jwt.ErrExpired, ErrNotValidYet and
// ErrIssuedInTheFuture. Kustomer's required iat is judged as go-jose reads it: null is absent.
package main

import (
	"encoding/base64"
	"errors"
	"strings"
	"time"

	jose "gopkg.in/square/go-jose.v2"
	josejson "gopkg.in/square/go-jose.v2/json"
	"gopkg.in/square/go-jose.v2/jwt"
)

type goJose struct{}

func init() { libraries["go_jose"] = goJose{} }

func (goJose) implementation() (string, string) { return "square/go-jose", goJoseVersion }

// cannotTellEmptyKidFromNone: jose.Header.KeyID is "" both for kid "" and for no kid (kidBlind).
func (goJose) cannotTellEmptyKidFromNone() {}

// validate is go-jose's claim validation at now, leeway 0.
func (goJose) validate(claims jwt.Claims, now int64) error {
	return claims.ValidateWithLeeway(jwt.Expected{Time: time.Unix(now, 0)}, 0)
}

func (g goJose) selfTest() string {
	signed, err := g.sign(map[string]interface{}{"exp": 1001}, nil, nil, clockSecret)
	if err != nil {
		return "cannot sign the clock self-test token: " + err.Error()
	}
	parsed, err := jwt.ParseSigned(signed)
	var claims jwt.Claims
	if err == nil {
		err = parsed.Claims(clockSecret, &claims)
	}
	if err != nil {
		return "cannot read the clock self-test token with go-jose: " + err.Error()
	}
	// go-jose accepts a token at its exp (validation.go: now.After(exp)), so the second instant is
	// one second later.
	if err := g.validate(claims, 1000); err != nil {
		return "cannot inject now into go-jose: exp 1001 refused at 1000: " + err.Error()
	}
	if err := g.validate(claims, 1002); err == nil {
		return "cannot inject now into go-jose: exp 1001 accepted at 1002"
	}
	return ""
}

func goJoseStructureReason(err error) string {
	var corrupt base64.CorruptInputError
	var syntax *josejson.SyntaxError
	var unmarshalType *josejson.UnmarshalTypeError
	switch {
	case errors.As(err, &corrupt), errors.As(err, &syntax):
		return "malformed"
	case errors.As(err, &unmarshalType) && !strings.Contains(unmarshalType.Value, " "):
		// A JSON value where an object is wanted (the payload, the header); not "number 1e999",
		// a number beyond float64 in valid JSON.
		return "malformed"
	case strings.HasPrefix(err.Error(), "square/go-jose: compact JWS format must have three parts"):
		return "malformed"
	}
	return ""
}

func (goJose) header(token string) (map[string]interface{}, *rejection) {
	parsed, err := jwt.ParseSigned(token)
	if err != nil {
		return nil, reject(goJoseStructureReason(err), "%v", err)
	}
	if len(parsed.Headers) == 0 {
		return nil, reject("", "go-jose parsed no header")
	}
	h := parsed.Headers[0]
	header := map[string]interface{}{}
	for name, value := range h.ExtraHeaders {
		header[string(name)] = value
	}
	// jose.Header holds alg and kid as strings, "" when absent (or null).
	if h.Algorithm != "" {
		header["alg"] = h.Algorithm
	}
	if h.KeyID != "" {
		header["kid"] = h.KeyID
	}
	return header, nil
}

func (g goJose) signature(token string, secret []byte) (map[string]interface{}, *rejection) {
	parsed, err := jwt.ParseSigned(token)
	if err != nil {
		return nil, reject(goJoseStructureReason(err), "%v", err)
	}
	if len(parsed.Headers) != 1 || parsed.Headers[0].Algorithm != string(jose.HS256) {
		return nil, reject("algorithm-not-allowed", "the alg is not HS256 (the adapter's allow-list)")
	}
	claims := map[string]interface{}{}
	if err := parsed.Claims(secret, &claims); err != nil {
		if _, crit := parsed.Headers[0].ExtraHeaders["crit"]; crit {
			// JSONWebSignature.DetachedVerify reads crit first (getCritical: a JSON error when it is
			// not an array of strings; ErrCryptoFailure for a name it does not support).
			return nil, reject("", "%v", err)
		}
		reason := goJoseStructureReason(err)
		if errors.Is(err, jose.ErrCryptoFailure) {
			reason = "bad-signature"
		}
		return nil, reject(reason, "%v", err)
	}
	return claims, nil
}

func (g goJose) times(token string, secret []byte, _ map[string]interface{}, p profile, now int64) *rejection {
	parsed, err := jwt.ParseSigned(token)
	var claims jwt.Claims
	if err == nil {
		err = parsed.Claims(secret, &claims)
	}
	if err != nil {
		if errors.Is(err, jwt.ErrUnmarshalNumericDate) {
			return reject("invalid-claim-type", "%v", err)
		}
		return reject("", "%v", err)
	}
	if p.iatRequired && claims.IssuedAt == nil {
		// The profile's required iat, as go-jose reads it: a null iat is no iat (*NumericDate nil).
		return reject("missing-claim", "go-jose reads no iat")
	}
	switch err := g.validate(claims, now); {
	case errors.Is(err, jwt.ErrExpired):
		return reject("expired", "%v", err)
	case errors.Is(err, jwt.ErrNotValidYet):
		return reject("not-yet-valid", "%v", err)
	case errors.Is(err, jwt.ErrIssuedInTheFuture):
		return reject("issued-at-out-of-window", "%v", err)
	case err != nil:
		return reject("", "%v", err)
	}
	if p.iatWindow != nil && claims.IssuedAt != nil && claims.IssuedAt.Time().Before(time.Unix(now-p.iatWindow[0], 0)) {
		return reject("issued-at-out-of-window", "iat is more than %d s before now", p.iatWindow[0])
	}
	return nil
}

func (goJose) sign(claims map[string]interface{}, typ, kid *string, secret []byte) (string, error) {
	options := &jose.SignerOptions{}
	if typ != nil {
		options = options.WithType(jose.ContentType(*typ))
	}
	if kid != nil {
		options = options.WithHeader("kid", *kid)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: secret}, options)
	if err != nil {
		return "", err
	}
	return jwt.Signed(signer).Claims(claims).CompactSerialize()
}
