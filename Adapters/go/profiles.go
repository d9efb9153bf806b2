package main

// The vendor profiles, read from the data files Vectors/profiles/*.json (shape:
// Vectors/schema/profile.schema.json), or from the folder $JWT_CONFORMANCE_PROFILES names. A file
// with a member this loader does not know, a value of the wrong type, or a rule the adapters leave
// to their library in a form no library here is configured for, is not loaded: a note on stderr
// names the file and the member, and the profile is not declared in hello (Adapters/README.md).

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
)

// profilesEnv names the folder of profile files (default: the repository's Vectors/profiles).
const profilesEnv = "JWT_CONFORMANCE_PROFILES"

type profile struct {
	name           string
	typ            *string // the typ a signer writes and a verifier accepts when present, or nil
	typRequired    bool
	kidRequired    bool
	identityClaims [][2]string // claim name, identity kind; the first present wins
	scope          *[2]string  // claim, required value; or nil
	iatRequired    bool
	iatWindow      *[2]int64 // maximum age, maximum future skew (seconds, inclusive); or nil
	expRequired    bool
}

// knownMembers are the members of a profile file this loader knows, by the object they are in.
var knownMembers = map[string][]string{
	"":                 {"$schema", "id", "title", "sources", "algorithms", "header", "identityClaims", "scope", "issuedAt", "expiration", "notBefore", "name", "idPrefix", "session"},
	"header":           {"typ", "typRequired", "keyIdRequired", "understoodCriticalParameters"},
	"identityClaims[]": {"claim", "kind"},
	"scope":            {"claim", "value"},
	"issuedAt":         {"required", "maximumAge", "maximumFutureSkew"},
	"expiration":       {"honoured", "required"},
	"notBefore":        {"honoured"},
}

type profileError struct{ message string }

func (e *profileError) Error() string { return e.message }

// profileFromJSON reads one profile file's text; where names the file in errors.
func profileFromJSON(text []byte, where string) (p profile, err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			problem, ok := recovered.(*profileError)
			if !ok {
				panic(recovered)
			}
			err = problem
		}
	}()
	fail := func(member, format string, args ...interface{}) {
		panic(&profileError{fmt.Sprintf("%s: member %q %s", where, member, fmt.Sprintf(format, args...))})
	}
	decoder := json.NewDecoder(strings.NewReader(string(text)))
	decoder.UseNumber()
	var document interface{}
	if err := decoder.Decode(&document); err != nil {
		return profile{}, &profileError{fmt.Sprintf("%s is not JSON: %v", where, err)}
	}
	object := func(value interface{}, member, known string, required ...string) map[string]interface{} {
		o, ok := value.(map[string]interface{})
		if !ok {
			fail(member, "must be an object")
		}
		path := func(name string) string {
			if member == "" {
				return name
			}
			return member + "." + name
		}
		names := make([]string, 0, len(o))
		for name := range o {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			found := false
			for _, k := range knownMembers[known] {
				found = found || k == name
			}
			if !found {
				fail(path(name), "is not known to this adapter, which cannot honour it")
			}
		}
		for _, name := range required {
			if _, present := o[name]; !present {
				fail(path(name), "is missing")
			}
		}
		return o
	}
	str := func(value interface{}, member string) string {
		s, ok := value.(string)
		if !ok {
			fail(member, "must be a string")
		}
		return s
	}
	boolean := func(value interface{}, member string) bool {
		b, ok := value.(bool)
		if !ok {
			fail(member, "must be a boolean")
		}
		return b
	}
	strings := func(value interface{}, member string) []string {
		list, ok := value.([]interface{})
		if !ok {
			fail(member, "must be an array of strings")
		}
		out := []string{}
		for _, item := range list {
			s, ok := item.(string)
			if !ok {
				fail(member, "must be an array of strings")
			}
			out = append(out, s)
		}
		return out
	}
	top := object(document, "", "", "id", "title", "sources", "algorithms", "header", "identityClaims", "expiration", "notBefore")
	p.name = str(top["id"], "id")
	if p.name == "" {
		fail("id", "must not be empty")
	}
	if algorithms := strings(top["algorithms"], "algorithms"); !reflect.DeepEqual(algorithms, []string{"HS256"}) {
		fail("algorithms", "is %q: the adapters restrict their library to HS256 and support exactly [\"HS256\"]", algorithms)
	}
	header := object(top["header"], "header", "header", "typRequired", "keyIdRequired", "understoodCriticalParameters")
	if typ, present := header["typ"]; present && typ != nil {
		text := str(typ, "header.typ")
		p.typ = &text
	}
	p.typRequired = boolean(header["typRequired"], "header.typRequired")
	p.kidRequired = boolean(header["keyIdRequired"], "header.keyIdRequired")
	if critical := strings(header["understoodCriticalParameters"], "header.understoodCriticalParameters"); len(critical) > 0 {
		fail("header.understoodCriticalParameters", "is %q: crit is the library's check, and no library here is told of understood extensions", critical)
	}
	claims, ok := top["identityClaims"].([]interface{})
	if !ok {
		fail("identityClaims", "must be an array")
	}
	for index, value := range claims {
		member := fmt.Sprintf("identityClaims[%d]", index)
		rule := object(value, member, "identityClaims[]", "claim", "kind")
		kind := str(rule["kind"], member+".kind")
		if kind != "email" && kind != "externalId" {
			fail(member+".kind", "is %q, not \"email\" or \"externalId\"", kind)
		}
		p.identityClaims = append(p.identityClaims, [2]string{str(rule["claim"], member+".claim"), kind})
	}
	if scope, present := top["scope"]; present && scope != nil {
		rule := object(scope, "scope", "scope", "claim", "value")
		p.scope = &[2]string{str(rule["claim"], "scope.claim"), str(rule["value"], "scope.value")}
	}
	if issuedAt, present := top["issuedAt"]; present && issuedAt != nil {
		rule := object(issuedAt, "issuedAt", "issuedAt", "required", "maximumAge", "maximumFutureSkew")
		p.iatRequired = boolean(rule["required"], "issuedAt.required")
		var window [2]int64
		for i, bound := range []string{"maximumAge", "maximumFutureSkew"} {
			number, ok := rule[bound].(json.Number)
			var err error
			if ok {
				window[i], err = number.Int64()
			}
			if !ok || err != nil {
				fail("issuedAt."+bound, "must be a 64-bit integer")
			}
		}
		p.iatWindow = &window
	}
	expiration := object(top["expiration"], "expiration", "expiration", "honoured", "required")
	if !boolean(expiration["honoured"], "expiration.honoured") {
		fail("expiration.honoured", "is false: exp is the library's check, which no library here can switch off")
	}
	p.expRequired = boolean(expiration["required"], "expiration.required")
	notBefore := object(top["notBefore"], "notBefore", "notBefore", "honoured")
	if !boolean(notBefore["honoured"], "notBefore.honoured") {
		fail("notBefore.honoured", "is false: nbf is the library's check, which no library here can switch off")
	}
	return p, nil
}

// profilesFolder is $JWT_CONFORMANCE_PROFILES, or the repository's Vectors/profiles found from the
// working directory (the harness runs testees from the repository root), from the executable, or
// from Adapters/go (go test).
func profilesFolder() string {
	if folder := os.Getenv(profilesEnv); folder != "" {
		return folder
	}
	candidates := []string{filepath.Join("Vectors", "profiles")}
	if executable, err := os.Executable(); err == nil {
		// Adapters/go/.bin/go_testee
		candidates = append(candidates, filepath.Join(filepath.Dir(executable), "..", "..", "..", "Vectors", "profiles"))
	}
	// go test runs in Adapters/go
	candidates = append(candidates, filepath.Join("..", "..", "Vectors", "profiles"))
	for _, folder := range candidates {
		if info, err := os.Stat(folder); err == nil && info.IsDir() {
			return folder
		}
	}
	return candidates[0]
}

// loadProfiles reads every folder/*.json it can honour, by id; a note goes to stderr for each file
// left out.
func loadProfiles(folder string) map[string]profile {
	loaded := map[string]profile{}
	paths, err := filepath.Glob(filepath.Join(folder, "*.json"))
	if err == nil && len(paths) == 0 {
		if _, statError := os.Stat(folder); statError != nil {
			err = statError
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "profiles: cannot read the folder %s: %v; no profile is declared\n", folder, err)
		return loaded
	}
	sort.Strings(paths)
	for _, path := range paths {
		text, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "profiles: %s is not read: %v; the profile is not declared\n", path, err)
			continue
		}
		p, err := profileFromJSON(text, path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "profiles: %v; the profile is not declared\n", err)
			continue
		}
		if _, repeated := loaded[p.name]; repeated {
			fmt.Fprintf(os.Stderr, "profiles: %s repeats the id %q; it is not declared\n", path, p.name)
			continue
		}
		loaded[p.name] = p
	}
	return loaded
}
