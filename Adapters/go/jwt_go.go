// dgrijalva/jwt-go v3, as Debian packages it (golang-github-dgrijalva-jwt-go-dev): unmaintained
// since 2020 (golang-jwt/jwt is its fork) and still widely deployed.
//
// What jwt-go does here (its own code, its own deviations):
//   - parsing: base64url (DecodeSegment: padding added, base64.URLEncoding), JSON (encoding/json)
//     of the header and the claims, in Parser.ParseUnverified, which also reads the header for the
//     adapter;
//   - the alg allow-list: Parser.ValidMethods = []string{"HS256"};
//   - HMAC-SHA-256 with the secret's UTF-8 bytes as the key ([]byte(secret)), any length;
//   - exp, nbf and iat: MapClaims.Valid at the request's now (below), after the identity rules.
//
// The adapter adds (testee.go) the profiles' other rules and the past bound of Kustomer's iat
// window (jwt-go itself refuses any iat after now, a stricter future bound than the profile's
// 900 s), on the seconds jwt-go reads for the claim (MapClaims.VerifyIssuedAt: int64(float64)).
//
// How now is injected: jwt-go reads the time through its package variable jwt.TimeFunc (token.go:
// "TimeFunc provides the current time when parsing token to validate exp claim"); the adapter sets
// it to the request's now for each verify, and to a function that fails the request outside one.
//
// Reasons: as for golang-jwt (jwtValidation in testee.go): the ValidationError bits, the parser's
// messages and ErrSignatureInvalid; a time bit when the claim is a number.
//
// CVE-2020-26160 (an aud that is a JSON array passed MapClaims.VerifyAudience as ""): the profiles
// have no aud rule, so the adapter never calls VerifyAudience; Debian's source already switches on
// the aud's type (map_claims.go).
package main

import (
	"errors"
	"time"

	jwtgo "github.com/dgrijalva/jwt-go"
)

type jwtGo struct{}

func init() { libraries["jwt_go"] = jwtGo{} }

func (jwtGo) implementation() (string, string) { return "dgrijalva/jwt-go", jwtGoVersion }

func (jwtGo) setClock(now int64) {
	jwtgo.TimeFunc = func() time.Time { return time.Unix(now, 0) }
}

func (jwtGo) clearClock() {
	jwtgo.TimeFunc = func() time.Time {
		panic("jwt-go asked for the time outside a request: no now injected")
	}
}

func (g jwtGo) selfTest() string {
	token, err := jwtgo.NewWithClaims(jwtgo.SigningMethodHS256, jwtgo.MapClaims{"exp": 1001}).SignedString(clockSecret)
	if err != nil {
		return "cannot sign the clock self-test token: " + err.Error()
	}
	keyFunc := func(*jwtgo.Token) (interface{}, error) { return clockSecret, nil }
	defer g.clearClock()
	// jwt-go accepts a token at its exp (claims.go verifyExp: now <= exp), so the second instant
	// is one second later.
	g.setClock(1000)
	if _, err := jwtgo.Parse(token, keyFunc); err != nil {
		return "cannot inject now into jwt-go: exp 1001 refused at 1000: " + err.Error()
	}
	g.setClock(1002)
	if _, err := jwtgo.Parse(token, keyFunc); err == nil {
		return "cannot inject now into jwt-go: exp 1001 accepted at 1002"
	}
	return ""
}

func jwtGoValidation(err error) (jwtValidation, bool) {
	var ve *jwtgo.ValidationError
	if !errors.As(err, &ve) {
		return jwtValidation{}, false
	}
	return jwtValidation{
		errors: ve.Errors, malformed: jwtgo.ValidationErrorMalformed, signatureInvalid: jwtgo.ValidationErrorSignatureInvalid,
		expired: jwtgo.ValidationErrorExpired, notValidYet: jwtgo.ValidationErrorNotValidYet, issuedAt: jwtgo.ValidationErrorIssuedAt,
		message: ve.Error(), inner: ve.Inner, errSignatureInvalid: jwtgo.ErrSignatureInvalid,
	}, true
}

func jwtGoParser() *jwtgo.Parser {
	return &jwtgo.Parser{ValidMethods: []string{"HS256"}, SkipClaimsValidation: true}
}

func (jwtGo) header(token string) (map[string]interface{}, *rejection) {
	parsed, _, err := jwtGoParser().ParseUnverified(token, jwtgo.MapClaims{})
	if v, ok := jwtGoValidation(err); ok && v.structureReason() == "malformed" {
		return nil, reject("malformed", "%v", err)
	}
	if parsed == nil {
		return nil, nil
	}
	return parsed.Header, nil
}

func (jwtGo) signature(token string, secret []byte) (map[string]interface{}, *rejection) {
	verified, err := jwtGoParser().ParseWithClaims(token, jwtgo.MapClaims{}, func(*jwtgo.Token) (interface{}, error) { return secret, nil })
	if err != nil {
		reason := ""
		if v, ok := jwtGoValidation(err); ok {
			reason = v.structureReason()
		}
		return nil, reject(reason, "%v", err)
	}
	return verified.Claims.(jwtgo.MapClaims), nil
}

func (g jwtGo) times(_ string, _ []byte, claims map[string]interface{}, p profile, now int64) *rejection {
	g.setClock(now)
	defer g.clearClock()
	if err := jwtgo.MapClaims(claims).Valid(); err != nil {
		reason := ""
		if v, ok := jwtGoValidation(err); ok {
			reason = v.timeReason(claims)
		}
		return reject(reason, "%v", err)
	}
	if p.iatWindow != nil {
		if value, present := claims["iat"]; present {
			// MapClaims.Valid reads only a number (VerifyIssuedAt: float64 or json.Number, anything
			// else passes as absent) and refuses one after now; the window is judged on the seconds
			// it reads, int64(float64).
			seconds, ok := value.(float64)
			if !ok {
				return reject("invalid-claim-type", "iat is not a number")
			}
			if int64(seconds) < now-p.iatWindow[0] {
				return reject("issued-at-out-of-window", "iat is more than %d s before now", p.iatWindow[0])
			}
		}
	}
	return nil
}

func (jwtGo) sign(claims map[string]interface{}, typ, kid *string, secret []byte) (string, error) {
	token := jwtgo.NewWithClaims(jwtgo.SigningMethodHS256, jwtgo.MapClaims(claims)) // header {"alg":"HS256","typ":"JWT"}
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
