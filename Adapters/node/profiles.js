// The vendor profiles for the JavaScript testees, read from the data files Vectors/profiles/*.json
// (shape: Vectors/schema/profile.schema.json), or from the folder $JWT_CONFORMANCE_PROFILES names.
// A file with a member this loader does not know, a value of the wrong type, or a rule the adapters
// leave to their library in a form no library here is configured for, is not loaded: a note on
// stderr names the file and the member, and the profile is not declared in hello (Adapters/README.md).
'use strict';

const fs = require('fs');
const path = require('path');

const PROFILES_ENV = 'JWT_CONFORMANCE_PROFILES';

const KNOWN_MEMBERS = {
  '': ['$schema', 'id', 'title', 'sources', 'algorithms', 'header', 'identityClaims', 'scope', 'issuedAt', 'expiration', 'notBefore', 'name', 'idPrefix', 'session'],
  'header': ['typ', 'typRequired', 'keyIdRequired', 'understoodCriticalParameters'],
  'identityClaims[]': ['claim', 'kind'],
  'scope': ['claim', 'value'],
  'issuedAt': ['required', 'maximumAge', 'maximumFutureSkew'],
  'expiration': ['honoured', 'required'],
  'notBefore': ['honoured'],
};

class ProfileError extends Error {}

const has = (object, name) => Object.prototype.hasOwnProperty.call(object, name);

// The profile a profile file's JSON holds: { name, typ (string or null), typRequired, kidRequired,
// identity: [[claim, kind], …] in precedence order, scope: [claim, value] or null, iatRequired,
// iatWindow: [maximum age, maximum future skew] or null, expRequired }.
function profileFromJSON(document, where) {
  const fail = (member, problem) => { throw new ProfileError(`${where}: member ${JSON.stringify(member)} ${problem}`); };
  const object = (value, member, known, required) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(member, 'must be an object');
    const at = (name) => (member === '' ? name : `${member}.${name}`);
    for (const name of Object.keys(value).sort()) {
      if (!KNOWN_MEMBERS[known].includes(name)) fail(at(name), 'is not known to this adapter, which cannot honour it');
    }
    for (const name of required) if (!has(value, name)) fail(at(name), 'is missing');
    return value;
  };
  const string = (value, member) => (typeof value === 'string' ? value : fail(member, 'must be a string'));
  const boolean = (value, member) => (typeof value === 'boolean' ? value : fail(member, 'must be a boolean'));
  const strings = (value, member) => {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) fail(member, 'must be an array of strings');
    return value;
  };
  const top = object(document, '', '', ['id', 'title', 'sources', 'algorithms', 'header', 'identityClaims', 'expiration', 'notBefore']);
  const name = string(top.id, 'id');
  if (name === '') fail('id', 'must not be empty');
  const algorithms = strings(top.algorithms, 'algorithms');
  if (algorithms.length !== 1 || algorithms[0] !== 'HS256') {
    fail('algorithms', `is ${JSON.stringify(algorithms)}: the adapters restrict their library to HS256 and support exactly ["HS256"]`);
  }
  const header = object(top.header, 'header', 'header', ['typRequired', 'keyIdRequired', 'understoodCriticalParameters']);
  const typ = header.typ === undefined || header.typ === null ? null : string(header.typ, 'header.typ');
  const critical = strings(header.understoodCriticalParameters, 'header.understoodCriticalParameters');
  if (critical.length > 0) {
    fail('header.understoodCriticalParameters', `is ${JSON.stringify(critical)}: crit is the library's check, and no library here is told of understood extensions`);
  }
  if (!Array.isArray(top.identityClaims)) fail('identityClaims', 'must be an array');
  const identity = top.identityClaims.map((value, index) => {
    const member = `identityClaims[${index}]`;
    const rule = object(value, member, 'identityClaims[]', ['claim', 'kind']);
    const kind = string(rule.kind, `${member}.kind`);
    if (kind !== 'email' && kind !== 'externalId') fail(`${member}.kind`, `is ${JSON.stringify(kind)}, not "email" or "externalId"`);
    return [string(rule.claim, `${member}.claim`), kind];
  });
  let scope = null;
  if (top.scope !== undefined && top.scope !== null) {
    const rule = object(top.scope, 'scope', 'scope', ['claim', 'value']);
    scope = [string(rule.claim, 'scope.claim'), string(rule.value, 'scope.value')];
  }
  let iatRequired = false;
  let iatWindow = null;
  if (top.issuedAt !== undefined && top.issuedAt !== null) {
    const rule = object(top.issuedAt, 'issuedAt', 'issuedAt', ['required', 'maximumAge', 'maximumFutureSkew']);
    iatRequired = boolean(rule.required, 'issuedAt.required');
    for (const bound of ['maximumAge', 'maximumFutureSkew']) {
      // JSON.parse reads numbers as doubles: beyond 2^53 the value is no longer the file's
      if (!Number.isSafeInteger(rule[bound])) fail(`issuedAt.${bound}`, 'must be an integer of at most 2^53 - 1 in magnitude');
    }
    iatWindow = [rule.maximumAge, rule.maximumFutureSkew];
  }
  const expiration = object(top.expiration, 'expiration', 'expiration', ['honoured', 'required']);
  if (!boolean(expiration.honoured, 'expiration.honoured')) fail('expiration.honoured', "is false: exp is the library's check, which no library here can switch off");
  const notBefore = object(top.notBefore, 'notBefore', 'notBefore', ['honoured']);
  if (!boolean(notBefore.honoured, 'notBefore.honoured')) fail('notBefore.honoured', "is false: nbf is the library's check, which no library here can switch off");
  return {
    name, typ, typRequired: boolean(header.typRequired, 'header.typRequired'),
    kidRequired: boolean(header.keyIdRequired, 'header.keyIdRequired'), identity, scope, iatRequired, iatWindow,
    expRequired: boolean(expiration.required, 'expiration.required'),
  };
}

// $JWT_CONFORMANCE_PROFILES, or the repository's Vectors/profiles.
function profilesFolder() {
  return process.env[PROFILES_ENV] || path.join(__dirname, '..', '..', 'Vectors', 'profiles');
}

// Every profile file folder/*.json this adapter can honour, by id (a Map); a note on stderr for each
// left out.
function loadProfiles(folder = profilesFolder(), note = (message) => process.stderr.write(`${message}\n`)) {
  const profiles = new Map();
  let names;
  try {
    names = fs.readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    note(`profiles: cannot read the folder ${folder}: ${error.message}; no profile is declared`);
    return profiles;
  }
  for (const name of names) {
    const file = path.join(folder, name);
    let profile;
    try {
      let document;
      try {
        document = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new ProfileError(`${file} is not read: ${error.message}`);
      }
      profile = profileFromJSON(document, file);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      note(`profiles: ${error.message}; the profile is not declared`);
      continue;
    }
    if (profiles.has(profile.name)) {
      note(`profiles: ${file} repeats the id ${JSON.stringify(profile.name)}; it is not declared`);
      continue;
    }
    profiles.set(profile.name, profile);
  }
  return profiles;
}

module.exports = { PROFILES_ENV, profileFromJSON, profilesFolder, loadProfiles };
