// golang-jwt/jwt v4, as Debian packages it (golang-github-golang-jwt-jwt-dev).
//
// What golang-jwt does here (its own code, its own deviations):
//   - parsing: base64url (DecodeSegment), JSON (encoding/json) of the header and the claims, in
//     Parser.ParseUnverified, which also reads the header for the adapter;
//   - the alg allow-list: jwt.WithValidMethods([]string{"HS256"});
//   - HMAC-SHA-256 with the secret's UTF-8 bytes as the key ([]byte(secret)), any length;
//   - exp, nbf and iat: MapClaims.Valid at the request's now (below), after the identity rules.
//
// The adapter adds (testee.go) the profiles' other rules and the past bound of Kustomer's iat
// window (golang-jwt itself refuses any iat after now, a stricter future bound than the profile's
// 900 s), on the time golang-jwt reads for the number (jwt.NumericDate).
//
// How now is injected: golang-jwt reads the time through its package variable jwt.TimeFunc,
// documented as the way to set it; the adapter sets it to the request's now for each verify, and to
// a function that fails the request outside one.
//
// Reasons: golang-jwt's ValidationError bits and its own messages and sentinel errors; a time bit
// when the claim is a number (golang-jwt also sets it for a claim of another type).
package main

import (
	"encoding/json"
	"errors"
	"time"

	jwt "github.com/golang-jwt/jwt"
)

type golangJWT struct{}

func init() { libraries["golang_jwt"] = golangJWT{} }

func (golangJWT) implementation() (string, string) { return "golang-jwt/jwt", golangJWTVersion }

func (golangJWT) setClock(now int64) {
	jwt.TimeFunc = func() time.Time { return time.Unix(now, 0) }
}

func (golangJWT) clearClock() {
	jwt.TimeFunc = func() time.Time {
		panic("golang-jwt asked for the time outside a request: no now injected")
	}
}

func (g golangJWT) selfTest() string {
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"exp": 1001}).SignedString(clockSecret)
	if err != nil {
		return "cannot sign the clock self-test token: " + err.Error()
	}
	keyFunc := func(*jwt.Token) (interface{}, error) { return clockSecret, nil }
	defer g.clearClock()
	g.setClock(1000)
	if _, err := jwt.Parse(token, keyFunc); err != nil {
		return "cannot inject now into golang-jwt: exp 1001 refused at 1000: " + err.Error()
	}
	g.setClock(1001)
	if _, err := jwt.Parse(token, keyFunc); err == nil {
		return "cannot inject now into golang-jwt: exp 1001 accepted at 1001"
	}
	return ""
}

// validation is err as a jwtValidation (testee.go), and whether it is a golang-jwt ValidationError.
func golangJWTValidation(err error) (jwtValidation, bool) {
	var ve *jwt.ValidationError
	if !errors.As(err, &ve) {
		return jwtValidation{}, false
	}
	return jwtValidation{
		errors: ve.Errors, malformed: jwt.ValidationErrorMalformed, signatureInvalid: jwt.ValidationErrorSignatureInvalid,
		expired: jwt.ValidationErrorExpired, notValidYet: jwt.ValidationErrorNotValidYet, issuedAt: jwt.ValidationErrorIssuedAt,
		message: ve.Error(), inner: ve.Inner, errSignatureInvalid: jwt.ErrSignatureInvalid,
	}, true
}

func golangJWTStructureReason(err error) string {
	v, ok := golangJWTValidation(err)
	if !ok {
		return ""
	}
	return v.structureReason()
}

func golangJWTParser() *jwt.Parser {
	return jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation())
}

func (golangJWT) header(token string) (map[string]interface{}, *rejection) {
	parsed, _, err := golangJWTParser().ParseUnverified(token, jwt.MapClaims{})
	if err != nil && golangJWTStructureReason(err) == "malformed" {
		return nil, reject("malformed", "%v", err)
	}
	if parsed == nil {
		return nil, nil
	}
	return parsed.Header, nil
}

func (golangJWT) signature(token string, secret []byte) (map[string]interface{}, *rejection) {
	verified, err := golangJWTParser().ParseWithClaims(token, jwt.MapClaims{}, func(*jwt.Token) (interface{}, error) { return secret, nil })
	if err != nil {
		return nil, reject(golangJWTStructureReason(err), "%v", err)
	}
	return verified.Claims.(jwt.MapClaims), nil
}

func (g golangJWT) times(_ string, _ []byte, claims map[string]interface{}, p profile, now int64) *rejection {
	g.setClock(now)
	defer g.clearClock()
	if err := jwt.MapClaims(claims).Valid(); err != nil {
		reason := ""
		if v, ok := golangJWTValidation(err); ok {
			reason = v.timeReason(claims)
		}
		return reject(reason, "%v", err)
	}
	if p.iatWindow != nil {
		if value, present := claims["iat"]; present {
			// MapClaims.Valid accepted it: a JSON number, not after now (golang-jwt refuses any
			// future iat, inside the window too), so the past bound is left. It is evaluated on the
			// time golang-jwt reads for the number: its own jwt.NumericDate.UnmarshalJSON.
			raw, err := json.Marshal(value)
			var iat jwt.NumericDate
			if err == nil {
				err = json.Unmarshal(raw, &iat)
			}
			if err != nil {
				return reject("invalid-claim-type", "iat is not a NumericDate: %v", err)
			}
			if iat.Time.Before(time.Unix(now-p.iatWindow[0], 0)) {
				return reject("issued-at-out-of-window", "iat is more than %d s before now", p.iatWindow[0])
			}
		}
	}
	return nil
}

func (golangJWT) sign(claims map[string]interface{}, typ, kid *string, secret []byte) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(claims)) // header {"alg":"HS256","typ":"JWT"}
	if typ == nil {
		delete(token.Header, "typ")
	} else {
		token.Header["typ"] = *typ
	}
	if kid != nil {
		token.Header["kid"] = *kid
	}
	return token.SignedString(secret)
}
