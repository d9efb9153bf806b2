package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// token builds a compact JWS with the standard library only, never with golang-jwt.
func token(t *testing.T, header, claims map[string]interface{}, secret string) string {
	t.Helper()
	encode := func(value interface{}) string {
		raw, err := json.Marshal(value)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(raw)
	}
	input := encode(header) + "." + encode(claims)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// eachLibrary runs test once for every library the binary serves, as a subtest named after it.
func eachLibrary(t *testing.T, test func(t *testing.T, ask func(map[string]interface{}) map[string]interface{})) {
	if len(libraries) != 3 {
		t.Fatalf("expected the three Go libraries, have %d", len(libraries))
	}
	for name, lib := range libraries {
		testee := newTestee(lib)
		t.Run(name, func(t *testing.T) {
			test(t, func(request map[string]interface{}) map[string]interface{} {
				t.Helper()
				line, err := json.Marshal(request)
				if err != nil {
					t.Fatal(err)
				}
				return testee.answer(line)
			})
		})
	}
}

func TestClockSelfTestPasses(t *testing.T) {
	for name, lib := range libraries {
		if problem := lib.selfTest(); problem != "" {
			t.Errorf("%s: %s", name, problem)
		}
	}
}

func TestHelloNamesTheLibrary(t *testing.T) {
	names := map[string]string{"golang_jwt": "golang-jwt/jwt", "go_jose": "square/go-jose", "jwt_go": "dgrijalva/jwt-go"}
	for name, lib := range libraries {
		got := newTestee(lib).answer([]byte(`{"op":"hello","protocol":1}`))
		implementation, _ := got["implementation"].(map[string]string)
		if implementation["name"] != names[name] || implementation["version"] == "" {
			t.Errorf("%s: %v", name, got)
		}
	}
}

func TestNowIsInjectedNotRead(t *testing.T) {
	eachLibrary(t, func(t *testing.T, ask func(map[string]interface{}) map[string]interface{}) {
		// At the wall clock this token expired long ago; at the injected now it is valid.
		keys := []interface{}{map[string]interface{}{"kid": nil, "secret": "kustomer-secret-0123456789"}}
		jws := token(t, map[string]interface{}{"alg": "HS256", "typ": "JWT"},
			map[string]interface{}{"externalId": "u1", "iat": 1000, "exp": 1500}, "kustomer-secret-0123456789")
		verdict := func(now int) map[string]interface{} {
			return ask(map[string]interface{}{"op": "verify", "id": "v", "profile": "kustomer", "token": jws, "keys": keys, "now": now})
		}
		if got := verdict(1400); got["result"] != "accept" {
			t.Fatalf("at 1400: %v", got)
		}
		// One second after exp: go-jose and jwt-go still accept at exp itself (their deviation).
		if got := verdict(1501); got["result"] != "reject" || got["reason"] != "expired" {
			t.Fatalf("at 1501: %v", got)
		}
		if got := verdict(3000); got["result"] != "reject" || got["reason"] != "issued-at-out-of-window" && got["reason"] != "expired" {
			t.Fatalf("at 3000: %v", got)
		}
	})
}

func TestWrongKeyIsBadSignatureAndNoneIsNotAllowed(t *testing.T) {
	eachLibrary(t, func(t *testing.T, ask func(map[string]interface{}) map[string]interface{}) {
		keys := []interface{}{map[string]interface{}{"kid": nil, "secret": "right"}}
		claims := map[string]interface{}{"externalId": "u1", "iat": 1000}
		wrong := token(t, map[string]interface{}{"alg": "HS256"}, claims, "wrong")
		got := ask(map[string]interface{}{"op": "verify", "id": "w", "profile": "kustomer", "token": wrong, "keys": keys, "now": 1000})
		if got["reason"] != "bad-signature" {
			t.Fatalf("wrong key: %v", got)
		}
		none := token(t, map[string]interface{}{"alg": "none"}, claims, "right")
		got = ask(map[string]interface{}{"op": "verify", "id": "n", "profile": "kustomer", "token": none, "keys": keys, "now": 1000})
		if got["reason"] != "algorithm-not-allowed" {
			t.Fatalf("alg none: %v", got)
		}
	})
}

func TestKidIsIgnoredWhenTheProfileDoesNotRequireIt(t *testing.T) {
	eachLibrary(t, func(t *testing.T, ask func(map[string]interface{}) map[string]interface{}) {
		// Kustomer does not require kid: a kid naming no key is ignored; the first key verifies.
		keys := []interface{}{
			map[string]interface{}{"kid": nil, "secret": "new-secret"},
			map[string]interface{}{"kid": nil, "secret": "replaced-secret"},
		}
		claims := map[string]interface{}{"externalId": "u1", "iat": 1000}
		named := token(t, map[string]interface{}{"alg": "HS256", "kid": "previous"}, claims, "new-secret")
		got := ask(map[string]interface{}{"op": "verify", "id": "k", "profile": "kustomer", "token": named, "keys": keys, "now": 1000})
		if got["result"] != "accept" {
			t.Fatalf("kid naming no key, first key: %v", got)
		}
		second := token(t, map[string]interface{}{"alg": "HS256"}, claims, "replaced-secret")
		got = ask(map[string]interface{}{"op": "verify", "id": "k2", "profile": "kustomer", "token": second, "keys": keys, "now": 1000})
		if got["reason"] != "bad-signature" {
			t.Fatalf("second key: %v", got)
		}
	})
}

func TestSunshineSignsWithKidAndVerifiesItsOwnToken(t *testing.T) {
	eachLibrary(t, func(t *testing.T, ask func(map[string]interface{}) map[string]interface{}) {
		key := map[string]interface{}{"kid": "app_1", "secret": "BFJJ88naxc5PZNAMU9KpBNTR"}
		signed := ask(map[string]interface{}{"op": "sign", "id": "s", "profile": "sunshine", "key": key,
			"subject": map[string]interface{}{"externalId": "42", "email": nil}, "now": 1000})
		jws, ok := signed["token"].(string)
		if !ok {
			t.Fatalf("sign: %v", signed)
		}
		got := ask(map[string]interface{}{"op": "verify", "id": "v", "profile": "sunshine", "token": jws,
			"keys": []interface{}{key}, "now": 1000})
		identity, _ := got["identity"].(map[string]string)
		if got["result"] != "accept" || identity["value"] != "42" {
			t.Fatalf("verify: %v", got)
		}
	})
}

func TestRequestsWithoutNowAreErrors(t *testing.T) {
	eachLibrary(t, func(t *testing.T, ask func(map[string]interface{}) map[string]interface{}) {
		got := ask(map[string]interface{}{"op": "verify", "id": "x", "profile": "kustomer", "token": "a.b.c", "keys": []interface{}{}})
		if got["result"] != "error" {
			t.Fatalf("%v", got)
		}
	})
}

func TestSunshineTokenWithoutKidIsRefusedWithACertainReasonOnly(t *testing.T) {
	key := map[string]interface{}{"kid": "app_1", "secret": "BFJJ88naxc5PZNAMU9KpBNTR"}
	claims := map[string]interface{}{"scope": "user", "external_id": "42"}
	for name, lib := range libraries {
		testee := newTestee(lib)
		for _, header := range []map[string]interface{}{{"alg": "HS256"}, {"alg": "HS256", "kid": ""}} {
			jws := token(t, header, claims, "BFJJ88naxc5PZNAMU9KpBNTR")
			line, _ := json.Marshal(map[string]interface{}{"op": "verify", "id": "k", "profile": "sunshine", "token": jws,
				"keys": []interface{}{key}, "now": 1000})
			got := testee.answer(line)
			_, blind := lib.(kidBlind)
			want := map[bool]string{true: "unknown-key", false: "invalid-header"}[header["kid"] != nil]
			if blind {
				want = "" // go-jose cannot tell kid "" from no kid: no reason rather than a guess
			}
			reason, _ := got["reason"].(string)
			if got["result"] != "reject" || reason != want {
				t.Errorf("%s, header %v: %v (want reject, reason %q)", name, header, got, want)
			}
		}
	}
}

// writeSyntheticProfiles writes the repository's profiles into folder, plus acme (Kustomer's rules
// with the identity claim renamed to user_id and typ required) and broken (a member no loader knows).
func writeSyntheticProfiles(t *testing.T, folder string) {
	t.Helper()
	read := func(name string) map[string]interface{} {
		text, err := os.ReadFile(filepath.Join("..", "..", "Vectors", "profiles", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var document map[string]interface{}
		if err := json.Unmarshal(text, &document); err != nil {
			t.Fatal(err)
		}
		return document
	}
	write := func(name string, document map[string]interface{}) {
		text, err := json.Marshal(document)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, name+".json"), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("kustomer", read("kustomer"))
	write("sunshine", read("sunshine"))
	acme := read("kustomer")
	acme["id"] = "acme"
	acme["identityClaims"] = []interface{}{map[string]interface{}{"claim": "user_id", "kind": "externalId"}}
	acme["header"].(map[string]interface{})["typRequired"] = true
	write("acme", acme)
	acme["id"] = "broken"
	acme["expiration"] = map[string]interface{}{"honoured": true, "required": false, "leeway": 30}
	write("broken", acme)
}

func TestProfilesComeFromTheDataFiles(t *testing.T) {
	folder := t.TempDir()
	writeSyntheticProfiles(t, folder)
	for name, lib := range libraries {
		testee := newTesteeWith(lib, loadProfiles(folder))
		ask := func(request map[string]interface{}) map[string]interface{} {
			line, err := json.Marshal(request)
			if err != nil {
				t.Fatal(err)
			}
			return testee.answer(line)
		}
		hello := ask(map[string]interface{}{"op": "hello", "protocol": 1})
		if got := hello["profiles"].([]string); strings.Join(got, ",") != "acme,kustomer,sunshine" {
			t.Errorf("%s: hello declares %v", name, got)
		}
		keys := []interface{}{map[string]interface{}{"kid": nil, "secret": "acme-secret-0123456789"}}
		verify := func(profile string, header, claims map[string]interface{}) map[string]interface{} {
			jws := token(t, header, claims, "acme-secret-0123456789")
			return ask(map[string]interface{}{"op": "verify", "id": "d", "profile": profile, "token": jws, "keys": keys, "now": 1000})
		}
		claims := map[string]interface{}{"user_id": "u-7", "iat": 990}
		got := verify("acme", map[string]interface{}{"alg": "HS256", "typ": "JWT"}, claims)
		if identity, _ := got["identity"].(map[string]string); got["result"] != "accept" || identity["kind"] != "externalId" || identity["value"] != "u-7" {
			t.Errorf("%s: acme token: %v", name, got)
		}
		if got := verify("acme", map[string]interface{}{"alg": "HS256"}, claims); got["result"] != "reject" || got["reason"] != "invalid-header" {
			t.Errorf("%s: acme token without typ: %v", name, got)
		}
		old := map[string]interface{}{"externalId": "u-7", "iat": 990}
		if got := verify("acme", map[string]interface{}{"alg": "HS256", "typ": "JWT"}, old); got["result"] != "reject" || got["reason"] != "missing-claim" {
			t.Errorf("%s: acme token with externalId: %v", name, got)
		}
		if got := verify("kustomer", map[string]interface{}{"alg": "HS256"}, old); got["result"] != "accept" {
			t.Errorf("%s: kustomer token without typ: %v", name, got)
		}
		if got := verify("broken", map[string]interface{}{"alg": "HS256", "typ": "JWT"}, claims); got["result"] != "skip" {
			t.Errorf("%s: broken: %v", name, got)
		}
		signed := ask(map[string]interface{}{"op": "sign", "id": "s", "profile": "acme", "key": keys[0],
			"subject": map[string]interface{}{"externalId": "u-8", "email": nil}, "now": 1000})
		jws, _ := signed["token"].(string)
		if got := ask(map[string]interface{}{"op": "verify", "id": "v", "profile": "acme", "token": jws, "keys": keys, "now": 1000}); got["result"] != "accept" {
			t.Errorf("%s: acme's own token %q: %v", name, jws, got)
		}
	}
}

// The repository's profiles are found without $JWT_CONFORMANCE_PROFILES (later vendors may add more).
func TestTheRepositoryProfilesAreDeclared(t *testing.T) {
	for name, lib := range libraries {
		hello := newTestee(lib).answer([]byte(`{"op":"hello","protocol":1}`))
		if got := "," + strings.Join(hello["profiles"].([]string), ",") + ","; !strings.Contains(got, ",kustomer,") || !strings.Contains(got, ",sunshine,") {
			t.Errorf("%s: hello declares %v", name, got)
		}
	}
}
