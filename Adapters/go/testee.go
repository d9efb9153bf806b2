// Command go_testee is the jwt-conformance testee (protocol version 1, PROTOCOL.md) for the Go JWT
// libraries Debian packages, built offline in GOPATH mode against /usr/share/gocode by
// Adapters/go/build.sh. Its one argument names the library:
//
//	golang_jwt   golang-jwt/jwt v4            (golang_jwt.go; golang-github-golang-jwt-jwt-dev)
//	go_jose      square/go-jose v2 and jwt    (go_jose.go; golang-gopkg-square-go-jose.v2-dev)
//	jwt_go       dgrijalva/jwt-go v3          (jwt_go.go; golang-github-dgrijalva-jwt-go-dev)
//
// This file and profiles.go are what every library shares: the protocol, the profiles (read from
// the data files Vectors/profiles/*.json by profiles.go), and the rules the libraries do not
// implement, as Adapters/python/testee_common.py has them for the Python testees, each from the
// profile's data: typ is the profile's ("JWT") when present, and present when typRequired; kid
// present and a string when keyIdRequired (Sunshine); key selection by kid; identity claims in the
// profile's precedence (JSON strings, non-empty; Kustomer email before externalId); the scope rule
// (Sunshine scope "user"); a required iat (Kustomer) or exp. The verification pipeline (verify)
// calls the library for the header, the signature and the time claims, in the stage order of the
// Python testees. Each library's file says what the library does and how now reaches it; each runs a
// start-up clock self-test (a token with exp 1001 is valid at 1000 and not at 1001) and, when it
// fails, every verify is answered error.
//
// Errors are mapped to the suite's reasons only where certain (each library's file says how);
// otherwise the rejection carries no reason.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// library is what one Go JWT library does for the testee.
type library interface {
	// implementation is the hello's name and version.
	implementation() (name, version string)
	// selfTest checks that the library judges exp at the injected now: "" or the problem.
	selfTest() string
	// header reads the token's JOSE header as the library parses it (nil when it cannot), or
	// refuses the token when the library's parse fails at the structure stage.
	header(token string) (map[string]interface{}, *rejection)
	// signature checks the alg and the MAC with secret and returns the claims the library decoded.
	signature(token string, secret []byte) (map[string]interface{}, *rejection)
	// times checks exp, nbf and iat (the profile's iat window too) at now, after the claim rules.
	times(token string, secret []byte, claims map[string]interface{}, p profile, now int64) *rejection
	// sign signs claims with HS256 under the header {alg, typ} (no typ when nil) and kid when not nil.
	sign(claims map[string]interface{}, typ, kid *string, secret []byte) (string, error)
}

// libraries holds every library this binary serves, by its command-line name.
var libraries = map[string]library{}

// Versions, set by build.sh from the installed Debian packages.
var golangJWTVersion, goJoseVersion, jwtGoVersion = "unknown", "unknown", "unknown"

// stages of the rejection reasons (Sources/JWTReference/Model/Vocabulary.swift).
var stages = map[string]int{
	"malformed": 1, "algorithm-not-allowed": 2, "invalid-header": 2, "unknown-key": 3, "bad-signature": 4,
	"missing-claim": 5, "invalid-claim-type": 5, "invalid-claim-value": 5,
	"expired": 6, "not-yet-valid": 6, "issued-at-out-of-window": 6,
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

// clockSecret signs the clock self-tests' token {"exp": 1001}.
var clockSecret = []byte("clock-self-test-secret-0123456789")

func isNumber(value interface{}) bool {
	switch value.(type) {
	case float64, json.Number:
		return true
	}
	return false
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

// kidBlind is implemented by a library whose parsed header cannot tell kid "" from no kid (go-jose's
// Header.KeyID is "" for both): the adapter then refuses a Sunshine token without a kid, as it must,
// but gives no reason, since the right one (invalid-header for no kid, unknown-key for kid "") is
// not knowable from what the library parsed.
type kidBlind interface{ cannotTellEmptyKidFromNone() }

func checkHeader(header map[string]interface{}, p profile, blind bool) *rejection {
	if typ, present := header["typ"]; present && p.typ != nil {
		text, ok := typ.(string)
		if !ok {
			return reject("invalid-header", "typ is not a string")
		}
		if !sameMediaType(text, *p.typ) {
			return reject("invalid-header", "typ %q is not %q", text, *p.typ)
		}
	} else if p.typ != nil && p.typRequired {
		return reject("invalid-header", "the header has no typ (expected %q)", *p.typ)
	}
	if p.kidRequired {
		kid, present := header["kid"]
		if !present && blind {
			return reject("", "no kid, or kid \"\" (the library's header does not tell them apart)")
		}
		if !present {
			return reject("invalid-header", "Missing key id (kid)")
		}
		if _, ok := kid.(string); !ok {
			return reject("invalid-header", "kid is not a string")
		}
	}
	return nil
}

// selectKey picks the key. When the profile requires kid, a string kid naming a key selects it and
// nothing else does. Otherwise the token does not name its key: kid is ignored and the key set's
// first key is used (AMB-IC-KEYS: the first, current secret is the one required).
func selectKey(header map[string]interface{}, keys []key, p profile) (*key, *rejection) {
	if len(keys) == 0 {
		return nil, reject("unknown-key", "the key set is empty")
	}
	if !p.kidRequired {
		return &keys[0], nil
	}
	kid, isString := header["kid"].(string)
	if !isString {
		return nil, reject("unknown-key", "no key can be selected without a string kid")
	}
	for i := range keys {
		if keys[i].kid != nil && *keys[i].kid == kid {
			return &keys[i], nil
		}
	}
	return nil, reject("unknown-key", "no key has kid %q", kid)
}

func resolveIdentity(claims map[string]interface{}, p profile) (map[string]string, *rejection) {
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

func checkScope(claims map[string]interface{}, p profile) *rejection {
	if p.scope == nil {
		return nil
	}
	claim, required := p.scope[0], p.scope[1]
	value, present := claims[claim]
	if !present {
		return reject("missing-claim", "the payload has no %q claim", claim)
	}
	text, ok := value.(string)
	if !ok {
		return reject("invalid-claim-type", "claim %q is not a string", claim)
	}
	if text != required {
		return reject("invalid-claim-value", "claim %q is %q, not %q", claim, text, required)
	}
	return nil
}

// --- the pipeline ------------------------------------------------------------------------------

// verify runs the library and the adapter's rules in stage order: the library's parse, the
// adapter's header and key rules (defects kept), the library's alg and signature check (a
// structure or alg defect wins over the header and key defects, which win over bad-signature),
// identity, scope and a required iat or exp, then the library's time checks.
func verify(lib library, p profile, token string, keys []key, now int64) (map[string]string, error) {
	header, r := lib.header(token)
	if r != nil {
		return nil, r
	}
	if header == nil {
		header = map[string]interface{}{}
	}
	_, blind := lib.(kidBlind)
	headerDefect := checkHeader(header, p, blind)
	selected, keyDefect := selectKey(header, keys, p)
	secret := []byte("\x00no key matches this token\x00")
	if selected != nil {
		secret = []byte(selected.secret)
	}
	claims, r := lib.signature(token, secret)
	if r != nil {
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
	if _, present := claims["exp"]; p.expRequired && !present {
		return nil, reject("missing-claim", "the payload has no \"exp\" claim")
	}
	if r := lib.times(token, secret, claims, p, now); r != nil {
		return nil, r
	}
	return identity, nil
}

// sign builds the profile's claims for subject and has the library sign them.
func sign(lib library, p profile, k key, subject map[string]interface{}, now int64, lifetime *int64) (string, error) {
	claims := map[string]interface{}{}
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
	if p.scope != nil {
		claims[p.scope[0]] = p.scope[1]
	}
	claims["iat"] = now
	if lifetime != nil {
		if *lifetime <= 0 {
			return "", &requestError{fmt.Sprintf("lifetime %d must be positive", *lifetime)}
		}
		claims["exp"] = now + *lifetime
	}
	var kid *string
	if p.kidRequired {
		if k.kid == nil {
			return "", &requestError{"the profile requires a key id (kid) and the key has none"}
		}
		kid = k.kid
	}
	name, _ := lib.implementation()
	signed, err := lib.sign(claims, p.typ, kid, []byte(k.secret))
	if err != nil {
		return "", &requestError{name + " cannot sign: " + err.Error()}
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

func (t *testee) readProfile(request map[string]interface{}) (profile, error) {
	name, ok := request["profile"].(string)
	if !ok {
		return profile{}, &requestError{"the request has no profile"}
	}
	p, known := t.profiles[name]
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

// testee serves one library.
type testee struct {
	lib          library
	clockProblem string
	profiles     map[string]profile
}

// newTestee serves lib with the profiles of the folder profilesFolder names.
func newTestee(lib library) *testee {
	return newTesteeWith(lib, loadProfiles(profilesFolder()))
}

func newTesteeWith(lib library, profiles map[string]profile) *testee {
	t := &testee{lib: lib, clockProblem: lib.selfTest(), profiles: profiles}
	if t.clockProblem != "" {
		fmt.Fprintln(os.Stderr, t.clockProblem)
	}
	return t
}

func (t *testee) handle(request map[string]interface{}) (map[string]interface{}, error) {
	switch request["op"] {
	case "hello":
		if n, ok := request["protocol"].(json.Number); !ok || n.String() != "1" {
			return nil, &requestError{"only protocol 1 is supported"}
		}
		name, version := t.lib.implementation()
		declared := make([]string, 0, len(t.profiles))
		for profileName := range t.profiles {
			declared = append(declared, profileName)
		}
		sort.Strings(declared)
		return map[string]interface{}{
			"ok": true, "protocol": 1,
			"implementation": map[string]string{"name": name, "version": version, "language": "go"},
			"roles":          []string{"verifier", "signer"},
			"profiles":       declared,
		}, nil
	case "verify":
		p, err := t.readProfile(request)
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
		if t.clockProblem != "" {
			return nil, &requestError{t.clockProblem}
		}
		identity, err := verify(t.lib, p, token, keys, *now)
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
		p, err := t.readProfile(request)
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
		token, err := sign(t.lib, p, k, subject, *now, lifetime)
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{"id": request["id"], "token": token}, nil
	}
	return nil, &requestError{fmt.Sprintf("unknown op %v", request["op"])}
}

// answer handles one request line; a panic in the library is answered error, the process goes on.
func (t *testee) answer(line []byte) (response map[string]interface{}) {
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
	response, err := t.handle(request)
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
	names := make([]string, 0, len(libraries))
	for name := range libraries {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(os.Args) != 2 || libraries[os.Args[1]] == nil {
		fmt.Fprintf(os.Stderr, "usage: %s LIBRARY, one of: %s\n", os.Args[0], strings.Join(names, " "))
		os.Exit(2)
	}
	t := newTestee(libraries[os.Args[1]])
	reader := bufio.NewReaderSize(os.Stdin, 1<<20)
	writer := bufio.NewWriter(os.Stdout)
	for {
		line, err := reader.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			encoded, marshalError := json.Marshal(t.answer(line))
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

// --- what golang-jwt v4 and dgrijalva/jwt-go v3 share ------------------------------------------

// jwtValidation is a ValidationError of golang-jwt v4 or dgrijalva/jwt-go v3 (the first is a fork
// of the second; their error bits, messages and sentinel errors are the same), with the bits of the
// package it comes from.
type jwtValidation struct {
	errors, malformed, signatureInvalid, expired, notValidYet, issuedAt uint32
	message                                                             string
	inner, errSignatureInvalid                                          error
}

// structureReason maps a parse or signature error: the malformed bit; the parser's "signing method
// X is invalid" (not in the valid methods) and "signing method (alg) is unavailable." / "is
// unspecified."; the signature bit with the library's ErrSignatureInvalid; the signature bit with a
// base64 error from SigningMethodHMAC.Verify (the signature segment is not base64url).
func (v jwtValidation) structureReason() string {
	switch {
	case v.errors&v.malformed != 0:
		return "malformed"
	case strings.HasPrefix(v.message, "signing method ") && v.inner == nil:
		return "algorithm-not-allowed"
	case v.errors&v.signatureInvalid != 0 && errors.Is(v.inner, v.errSignatureInvalid):
		return "bad-signature"
	case v.errors&v.signatureInvalid != 0:
		var corrupt base64.CorruptInputError
		if errors.As(v.inner, &corrupt) {
			return "malformed"
		}
	}
	return ""
}

// timeReason maps the bits MapClaims.Valid set. It sets a bit also for a claim that is not a
// number, so the reason is given only when exactly one bit is set and its claim is a number.
func (v jwtValidation) timeReason(claims map[string]interface{}) string {
	bits := []struct {
		bit    uint32
		claim  string
		reason string
	}{
		{v.expired, "exp", "expired"},
		{v.notValidYet, "nbf", "not-yet-valid"},
		{v.issuedAt, "iat", "issued-at-out-of-window"},
	}
	reason, count := "", 0
	for _, b := range bits {
		if v.errors&b.bit != 0 {
			count++
			if isNumber(claims[b.claim]) {
				reason = b.reason
			}
		}
	}
	if count != 1 || v.errors&^(v.expired|v.notValidYet|v.issuedAt) != 0 {
		return ""
	}
	return reason
}
