// Command golang_jwt_testee is the jwt-conformance testee (protocol version 1, PROTOCOL.md) for
// golang-jwt/jwt v4, as Debian packages it (golang-github-golang-jwt-jwt-dev), built offline in
// GOPATH mode against /usr/share/gocode by Adapters/go/build.sh.
//
// What golang-jwt does here (its own code, its own deviations):
//   - parsing: base64url (DecodeSegment), JSON (encoding/json) of the header and the claims, in
//     Parser.ParseUnverified, which also reads the header for the adapter;
//   - the alg allow-list: jwt.WithValidMethods([]string{"HS256"});
//   - HMAC-SHA-256 with the secret's UTF-8 bytes as the key ([]byte(secret)), any length;
//   - exp, nbf and iat: MapClaims.Valid at the request's now (below), after the identity rules.
//
// What this adapter adds, as Adapters/python/testee_common.py does for the Python testees (the
// profiles are the same data as its PROFILES): typ is "JWT" when present; Sunshine kid present and
// a string; key selection by kid; identity claims (JSON strings, non-empty, Kustomer email before
// externalId); Sunshine scope "user"; Kustomer's required iat and the past bound of its window
// (golang-jwt itself refuses any iat after now, a stricter future bound than the profile's 900 s).
//
// How now is injected: golang-jwt reads the time through its package variable jwt.TimeFunc,
// documented as the way to set it; the adapter sets it to the request's now for each verify, and to
// a function that fails the request outside one. A start-up self-test checks that exp is judged at
// the injected time (a token with exp 1001 is valid at 1000 and not at 1001); if not, every verify
// is answered error.
//
// Errors are mapped to the suite's reasons only where certain: golang-jwt's ValidationError bits and
// its own messages and sentinel errors; a time bit when the claim is a number (golang-jwt also sets
// it for a claim of another type). Otherwise the rejection carries no reason.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	jwt "github.com/golang-jwt/jwt"
)

// libraryVersion is set by build.sh from the installed Debian package.
var libraryVersion = "unknown"

// stages of the rejection reasons (Sources/JWTReference/Model/Vocabulary.swift).
var stages = map[string]int{
	"malformed": 1, "algorithm-not-allowed": 2, "invalid-header": 2, "unknown-key": 3, "bad-signature": 4,
	"missing-claim": 5, "invalid-claim-type": 5, "invalid-claim-value": 5,
	"expired": 6, "not-yet-valid": 6, "issued-at-out-of-window": 6,
}

type profile struct {
	typ            string
	kidRequired    bool
	identityClaims [][2]string // claim name, identity kind; the first present wins
	scope          string      // required value of "scope", or ""
	iatRequired    bool
	iatWindow      int64 // seconds either side of now, or 0 for none
}

var profiles = map[string]profile{
	"kustomer": {typ: "JWT", identityClaims: [][2]string{{"email", "email"}, {"externalId", "externalId"}}, iatRequired: true, iatWindow: 900},
	"sunshine": {typ: "JWT", kidRequired: true, identityClaims: [][2]string{{"external_id", "externalId"}}, scope: "user"},
}

type key struct {
	kid    *string
	secret string
}

type rejection struct {
	reason  string // "" when unknown
	message string
}

func (r *rejection) Error() string { return r.message }

func (r *rejection) stage() int {
	if s, ok := stages[r.reason]; ok {
		return s
	}
	return 99
}

func reject(reason, format string, args ...interface{}) *rejection {
	return &rejection{reason: reason, message: fmt.Sprintf(format, args...)}
}

// requestError is answered result: error.
type requestError struct{ message string }

func (e *requestError) Error() string { return e.message }

type skip struct{ message string }

func (e *skip) Error() string { return e.message }

// --- the clock -------------------------------------------------------------------------------

var clockProblem string

func setClock(now int64) {
	jwt.TimeFunc = func() time.Time { return time.Unix(now, 0) }
}

func clearClock() {
	jwt.TimeFunc = func() time.Time {
		panic("golang-jwt asked for the time outside a request: no now injected")
	}
}

func selfTest() string {
	secret := []byte("clock-self-test-secret-0123456789")
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"exp": 1001}).SignedString(secret)
	if err != nil {
		return "cannot sign the clock self-test token: " + err.Error()
	}
	keyFunc := func(*jwt.Token) (interface{}, error) { return secret, nil }
	defer clearClock()
	setClock(1000)
	if _, err := jwt.Parse(token, keyFunc); err != nil {
		return "cannot inject now into golang-jwt: exp 1001 refused at 1000: " + err.Error()
	}
	setClock(1001)
	if _, err := jwt.Parse(token, keyFunc); err == nil {
		return "cannot inject now into golang-jwt: exp 1001 accepted at 1001"
	}
	return ""
}

// --- adapter rules ---------------------------------------------------------------------------

func sameMediaType(value, expected string) bool {
	normalized := func(text string) string {
		if !strings.Contains(text, "/") {
			text = "application/" + text
		}
		var b strings.Builder
		for _, c := range text {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	return normalized(value) == normalized(expected)
}

func checkHeader(header map[string]interface{}, p profile) *rejection {
	if typ, present := header["typ"]; present && p.typ != "" {
		text, ok := typ.(string)
		if !ok {
			return reject("invalid-header", "typ is not a string")
		}
		if !sameMediaType(text, p.typ) {
			return reject("invalid-header", "typ %q is not %q", text, p.typ)
		}
	}
	if p.kidRequired {
		kid, present := header["kid"]
		if !present {
			return reject("invalid-header", "Missing key id (kid)")
		}
		if _, ok := kid.(string); !ok {
			return reject("invalid-header", "kid is not a string")
		}
	}
	return nil
}

func selectKey(header map[string]interface{}, keys []key, p profile) (*key, *rejection) {
	if len(keys) == 0 {
		return nil, reject("unknown-key", "the key set is empty")
	}
	kid, isString := header["kid"].(string)
	if isString {
		for i := range keys {
			if keys[i].kid != nil && *keys[i].kid == kid {
				return &keys[i], nil
			}
		}
	}
	if p.kidRequired {
		if isString {
			return nil, reject("unknown-key", "no key has kid %q", kid)
		}
		return nil, reject("unknown-key", "no key can be selected without a string kid")
	}
	if _, present := header["kid"]; !present || len(keys) == 1 {
		return &keys[0], nil
	}
	return nil, reject("unknown-key", "no key has the token's kid and the key set has %d keys", len(keys))
}

func resolveIdentity(claims jwt.MapClaims, p profile) (map[string]string, *rejection) {
	var identity map[string]string
	for _, pair := range p.identityClaims {
		value, present := claims[pair[0]]
		if !present {
			continue
		}
		text, ok := value.(string)
		if !ok {
			return nil, reject("invalid-claim-type", "claim %q is not a string", pair[0])
		}
		if text == "" {
			return nil, reject("invalid-claim-value", "claim %q is an empty string", pair[0])
		}
		if identity == nil {
			identity = map[string]string{"kind": pair[1], "value": text}
		}
	}
	if identity == nil {
		return nil, reject("missing-claim", "the payload has none of the profile's identity claims")
	}
	return identity, nil
}

func checkScope(claims jwt.MapClaims, p profile) *rejection {
	if p.scope == "" {
		return nil
	}
	value, present := claims["scope"]
	if !present {
		return reject("missing-claim", "the payload has no \"scope\" claim")
	}
	text, ok := value.(string)
	if !ok {
		return reject("invalid-claim-type", "claim \"scope\" is not a string")
	}
	if text != p.scope {
		return reject("invalid-claim-value", "claim \"scope\" is %q, not %q", text, p.scope)
	}
	return nil
}

// --- golang-jwt --------------------------------------------------------------------------------

func structureReason(err error) string {
	var ve *jwt.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	switch {
	case ve.Errors&jwt.ValidationErrorMalformed != 0:
		return "malformed"
	case strings.HasPrefix(ve.Error(), "signing method ") && ve.Inner == nil:
		// Parser.ParseWithClaims: "signing method X is invalid" (not in WithValidMethods);
		// ParseUnverified: "signing method (alg) is unavailable." / "is unspecified."
		return "algorithm-not-allowed"
	case ve.Errors&jwt.ValidationErrorSignatureInvalid != 0 && errors.Is(ve.Inner, jwt.ErrSignatureInvalid):
		return "bad-signature"
	case ve.Errors&jwt.ValidationErrorSignatureInvalid != 0:
		var corrupt base64.CorruptInputError
		if errors.As(ve.Inner, &corrupt) {
			return "malformed" // SigningMethodHMAC.Verify: the signature segment is not base64url
		}
	}
	return ""
}

func isNumber(value interface{}) bool {
	switch value.(type) {
	case float64, json.Number:
		return true
	}
	return false
}

// timeReason maps the bits MapClaims.Valid set. It sets a bit also for a claim that is not a
// number, so the reason is given only when exactly one bit is set and its claim is a number.
func timeReason(err error, claims jwt.MapClaims) string {
	var ve *jwt.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	bits := []struct {
		bit    uint32
		claim  string
		reason string
	}{
		{jwt.ValidationErrorExpired, "exp", "expired"},
		{jwt.ValidationErrorNotValidYet, "nbf", "not-yet-valid"},
		{jwt.ValidationErrorIssuedAt, "iat", "issued-at-out-of-window"},
	}
	reason, count := "", 0
	for _, b := range bits {
		if ve.Errors&b.bit != 0 {
			count++
			if isNumber(claims[b.claim]) {
				reason = b.reason
			}
		}
	}
	if count != 1 || ve.Errors&^(jwt.ValidationErrorExpired|jwt.ValidationErrorNotValidYet|jwt.ValidationErrorIssuedAt) != 0 {
		return ""
	}
	return reason
}

func verify(p profile, token string, keys []key, now int64) (map[string]string, error) {
	setClock(now)
	defer clearClock()
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation())

	parsed, _, err := parser.ParseUnverified(token, jwt.MapClaims{})
	if err != nil && structureReason(err) == "malformed" {
		return nil, reject("malformed", "%v", err)
	}
	header := map[string]interface{}{}
	if parsed != nil && parsed.Header != nil {
		header = parsed.Header
	}
	headerDefect := checkHeader(header, p)
	selected, keyDefect := selectKey(header, keys, p)
	secret := []byte("\x00no key matches this token\x00")
	if selected != nil {
		secret = []byte(selected.secret)
	}
	verified, err := parser.ParseWithClaims(token, jwt.MapClaims{}, func(*jwt.Token) (interface{}, error) { return secret, nil })
	if err != nil {
		r := reject(structureReason(err), "%v", err)
		if r.stage() <= 2 {
			return nil, r
		}
		if headerDefect != nil {
			return nil, headerDefect
		}
		if keyDefect != nil {
			return nil, keyDefect
		}
		return nil, r
	}
	if headerDefect != nil {
		return nil, headerDefect
	}
	if keyDefect != nil {
		return nil, keyDefect
	}
	claims := verified.Claims.(jwt.MapClaims)
	identity, r := resolveIdentity(claims, p)
	if r != nil {
		return nil, r
	}
	if r := checkScope(claims, p); r != nil {
		return nil, r
	}
	if _, present := claims["iat"]; p.iatRequired && !present {
		return nil, reject("missing-claim", "the payload has no \"iat\" claim")
	}
	if err := claims.Valid(); err != nil {
		return nil, reject(timeReason(err, claims), "%v", err)
	}
	if p.iatWindow != 0 {
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
				return nil, reject("invalid-claim-type", "iat is not a NumericDate: %v", err)
			}
			if iat.Time.Before(time.Unix(now-p.iatWindow, 0)) {
				return nil, reject("issued-at-out-of-window", "iat is more than %d s before now", p.iatWindow)
			}
		}
	}
	return identity, nil
}

func sign(p profile, k key, subject map[string]interface{}, now int64, lifetime *int64) (string, error) {
	claims := jwt.MapClaims{}
	for _, pair := range p.identityClaims {
		value, present := subject[pair[1]]
		if !present || value == nil {
			continue
		}
		text, ok := value.(string)
		if !ok {
			return "", &requestError{fmt.Sprintf("subject.%s must be a string or null", pair[1])}
		}
		if text == "" {
			return "", &requestError{fmt.Sprintf("the subject's identifier for claim %q is empty", pair[0])}
		}
		claims[pair[0]] = text
	}
	if len(claims) == 0 {
		return "", &requestError{"the subject has no identifier the profile has a claim for"}
	}
	if p.scope != "" {
		claims["scope"] = p.scope
	}
	claims["iat"] = now
	if lifetime != nil {
		if *lifetime <= 0 {
			return "", &requestError{fmt.Sprintf("lifetime %d must be positive", *lifetime)}
		}
		claims["exp"] = now + *lifetime
	}
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims) // header {"alg":"HS256","typ":"JWT"}
	if p.kidRequired {
		if k.kid == nil {
			return "", &requestError{"the profile requires a key id (kid) and the key has none"}
		}
		token.Header["kid"] = *k.kid
	}
	signed, err := token.SignedString([]byte(k.secret))
	if err != nil {
		return "", &requestError{"golang-jwt cannot sign: " + err.Error()}
	}
	return signed, nil
}

// --- requests --------------------------------------------------------------------------------

func integer(request map[string]interface{}, name string, required bool) (*int64, error) {
	value, present := request[name]
	if !present || value == nil {
		if required {
			return nil, &requestError{fmt.Sprintf("the request has no %q (a testee never reads the wall clock)", name)}
		}
		return nil, nil
	}
	number, ok := value.(json.Number)
	if !ok {
		return nil, &requestError{fmt.Sprintf("%q must be an integer", name)}
	}
	n, err := number.Int64()
	if err != nil {
		return nil, &requestError{fmt.Sprintf("%q must be an integer", name)}
	}
	return &n, nil
}

func readProfile(request map[string]interface{}) (profile, error) {
	name, ok := request["profile"].(string)
	if !ok {
		return profile{}, &requestError{"the request has no profile"}
	}
	p, known := profiles[name]
	if !known {
		return profile{}, &skip{fmt.Sprintf("profile %q is not implemented by this testee", name)}
	}
	return p, nil
}

func readKey(value interface{}, where string) (key, error) {
	object, ok := value.(map[string]interface{})
	if !ok {
		return key{}, &requestError{where + " must be an object"}
	}
	secret, ok := object["secret"].(string)
	if !ok {
		return key{}, &requestError{where + ".secret must be a string"}
	}
	k := key{secret: secret}
	switch kid := object["kid"].(type) {
	case nil:
	case string:
		k.kid = &kid
	default:
		return key{}, &requestError{where + ".kid must be a string or null"}
	}
	return k, nil
}

func handle(request map[string]interface{}) (map[string]interface{}, error) {
	switch request["op"] {
	case "hello":
		if n, ok := request["protocol"].(json.Number); !ok || n.String() != "1" {
			return nil, &requestError{"only protocol 1 is supported"}
		}
		return map[string]interface{}{
			"ok": true, "protocol": 1,
			"implementation": map[string]string{"name": "golang-jwt/jwt", "version": libraryVersion, "language": "go"},
			"roles":          []string{"verifier", "signer"},
			"profiles":       []string{"kustomer", "sunshine"},
		}, nil
	case "verify":
		p, err := readProfile(request)
		if err != nil {
			return nil, err
		}
		token, ok := request["token"].(string)
		if !ok {
			return nil, &requestError{"'token' must be a string"}
		}
		rawKeys, ok := request["keys"].([]interface{})
		if !ok {
			return nil, &requestError{"'keys' must be an array"}
		}
		keys := make([]key, 0, len(rawKeys))
		for index, raw := range rawKeys {
			k, err := readKey(raw, fmt.Sprintf("keys[%d]", index))
			if err != nil {
				return nil, err
			}
			keys = append(keys, k)
		}
		now, err := integer(request, "now", true)
		if err != nil {
			return nil, err
		}
		if clockProblem != "" {
			return nil, &requestError{clockProblem}
		}
		identity, err := verify(p, token, keys, *now)
		if err != nil {
			var r *rejection
			if errors.As(err, &r) {
				response := map[string]interface{}{"id": request["id"], "result": "reject", "message": r.message}
				if r.reason != "" {
					response["reason"] = r.reason
				}
				return response, nil
			}
			return nil, err
		}
		return map[string]interface{}{"id": request["id"], "result": "accept", "identity": identity}, nil
	case "sign":
		p, err := readProfile(request)
		if err != nil {
			return nil, err
		}
		k, err := readKey(request["key"], "key")
		if err != nil {
			return nil, err
		}
		subject, _ := request["subject"].(map[string]interface{})
		now, err := integer(request, "now", true)
		if err != nil {
			return nil, err
		}
		lifetime, err := integer(request, "lifetime", false)
		if err != nil {
			return nil, err
		}
		token, err := sign(p, k, subject, *now, lifetime)
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{"id": request["id"], "token": token}, nil
	}
	return nil, &requestError{fmt.Sprintf("unknown op %v", request["op"])}
}

// answer handles one request line; a panic in the library is answered error, the process goes on.
func answer(line []byte) (response map[string]interface{}) {
	var request map[string]interface{}
	defer func() {
		if recovered := recover(); recovered != nil {
			fmt.Fprintf(os.Stderr, "request panicked: %v\n", recovered)
			response = map[string]interface{}{"id": idOf(request), "result": "error", "message": fmt.Sprintf("panic: %v", recovered)}
		}
	}()
	decoder := json.NewDecoder(strings.NewReader(string(line)))
	decoder.UseNumber()
	if err := decoder.Decode(&request); err != nil || request == nil {
		return map[string]interface{}{"id": nil, "result": "error", "message": "the request line is not a JSON object"}
	}
	response, err := handle(request)
	if err != nil {
		var s *skip
		if errors.As(err, &s) {
			return map[string]interface{}{"id": idOf(request), "result": "skip", "message": s.message}
		}
		return map[string]interface{}{"id": idOf(request), "result": "error", "message": err.Error()}
	}
	return response
}

func idOf(request map[string]interface{}) interface{} {
	if request == nil {
		return nil
	}
	switch id := request["id"].(type) {
	case string, json.Number, bool:
		return id
	}
	return nil
}

func main() {
	clearClock()
	clockProblem = selfTest()
	if clockProblem != "" {
		fmt.Fprintln(os.Stderr, clockProblem)
	}
	reader := bufio.NewReaderSize(os.Stdin, 1<<20)
	writer := bufio.NewWriter(os.Stdout)
	for {
		line, err := reader.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			encoded, marshalError := json.Marshal(answer(line))
			if marshalError != nil {
				encoded, _ = json.Marshal(map[string]interface{}{"id": nil, "result": "error", "message": marshalError.Error()})
			}
			writer.Write(append(encoded, '\n'))
			writer.Flush()
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return
		}
	}
}
