#!/usr/bin/env node
// jwt-conformance testee (protocol version 1, PROTOCOL.md) for panva's jose 4.x, as Debian packages it
// (node-jose: /usr/share/nodejs/jose), with the installed Node.
//
//   node Adapters/node/jose_testee.js   (requests on stdin, responses on stdout)
//
// What jose does here (its own code, its own deviations):
//   * the header: decodeProtectedHeader; structure, base64url, `crit`, the `alg` allow-list
//     (`algorithms: ['HS256']`) and HMAC-SHA-256 with the secret's UTF-8 bytes: compactVerify;
//   * the claims for the identity rules: decodeJwt (its JWT Claims Set parsing);
//   * `exp`, `nbf`, `iat` type, and the profile's iat window in the past (`maxTokenAge`, Kustomer's 900 s): jwtVerify at
//     the request's now, passed as `currentDate` (its documented option; no clock is read), with
//     `clockTolerance: 0` (its default). jose refuses any iat after now when maxTokenAge is set, a
//     stricter future bound than the profile's 900 s;
//   * signing: new SignJWT(claims).setProtectedHeader({alg, typ, kid}).sign(secret bytes).
//
// What this adapter adds, as Adapters/python/testee_common.py does for the Python testees, each from
// the profile's data file (Vectors/profiles/*.json, read by profiles.js): typ the profile's ("JWT")
// when present, and present when typRequired; kid present and a string when keyIdRequired
// (Sunshine); key selection by kid; identity claims in the profile's precedence (JSON strings of
// Unicode text, non-empty; Kustomer email before externalId); the scope rule (Sunshine scope
// "user"); a required iat (Kustomer) or exp (checked before jose's time checks).
//
// Errors are mapped to the suite's reasons from jose's error classes (and, where one class covers
// several defects, its message) only where certain; otherwise the rejection has no reason.
'use strict';

const path = require('path');
const readline = require('readline');

const JOSE_DIR = '/usr/share/nodejs/jose';
const jose = require(path.join(JOSE_DIR, 'dist/node/cjs/index.js'));
const JOSE_VERSION = require(path.join(JOSE_DIR, 'package.json')).version;
const { errors } = jose;

const STAGES = {
  'malformed': 1, 'algorithm-not-allowed': 2, 'invalid-header': 2, 'unknown-key': 3, 'bad-signature': 4,
  'missing-claim': 5, 'invalid-claim-type': 5, 'invalid-claim-value': 5,
  'expired': 6, 'not-yet-valid': 6, 'issued-at-out-of-window': 6,
};

const PROFILES = require('./profiles').loadProfiles();

class Reject extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason || null;
  }
  get stage() { return this.reason ? STAGES[this.reason] : 99; }
}

class RequestError extends Error {}
class Skip extends Error {}

const encoder = new TextEncoder();

function isString(value) { return typeof value === 'string'; }

function sameMediaType(value, expected) {
  const normalized = (text) => (text.includes('/') ? text : `application/${text}`).replace(/[A-Z]/g, (c) => c.toLowerCase());
  return normalized(value) === normalized(expected);
}

function checkHeader(header, profile) {
  if (profile.typ !== null && profile.typRequired && !Object.prototype.hasOwnProperty.call(header, 'typ')) {
    return new Reject('invalid-header', `the header has no typ (expected ${profile.typ})`);
  }
  if (profile.typ !== null && Object.prototype.hasOwnProperty.call(header, 'typ')) {
    if (!isString(header.typ)) return new Reject('invalid-header', 'typ is not a string');
    if (!sameMediaType(header.typ, profile.typ)) return new Reject('invalid-header', `typ ${JSON.stringify(header.typ)} is not ${profile.typ}`);
  }
  if (profile.kidRequired) {
    if (!Object.prototype.hasOwnProperty.call(header, 'kid')) return new Reject('invalid-header', 'Missing key id (kid)');
    if (!isString(header.kid)) return new Reject('invalid-header', 'kid is not a string');
  }
  return null;
}

// When the profile requires kid, a string kid naming a key selects it and nothing else does.
// Otherwise the token does not name its key: kid is ignored and the key set's first key is used
// (AMB-IC-KEYS: the first, current secret is the one required).
function selectKey(header, keys, profile) {
  if (keys.length === 0) return [null, new Reject('unknown-key', 'the key set is empty')];
  if (!profile.kidRequired) return [keys[0], null];
  if (!isString(header.kid)) return [null, new Reject('unknown-key', 'no key can be selected without a string kid')];
  const found = keys.find((key) => key.kid !== null && key.kid === header.kid);
  if (found) return [found, null];
  return [null, new Reject('unknown-key', `no key has kid ${JSON.stringify(header.kid)}`)];
}

function resolveIdentity(claims, profile) {
  let identity = null;
  for (const [claim, kind] of profile.identity) {
    if (!Object.prototype.hasOwnProperty.call(claims, claim)) continue;
    const value = claims[claim];
    if (!isString(value)) throw new Reject('invalid-claim-type', `claim ${claim} is not a string`);
    if (value === '') throw new Reject('invalid-claim-value', `claim ${claim} is an empty string`);
    // JSON.parse keeps an escaped unpaired surrogate in the string; such a string is no Unicode
    // text and names no customer (AMB-JSON-LONE-SURROGATE).
    if (!value.isWellFormed()) throw new Reject('invalid-claim-value', `claim ${claim} holds an unpaired surrogate`);
    if (identity === null) identity = { kind, value };
  }
  if (identity === null) throw new Reject('missing-claim', "the payload has none of the profile's identity claims");
  return identity;
}

function checkScope(claims, profile) {
  if (profile.scope === null) return;
  const [claim, required] = profile.scope;
  if (!Object.prototype.hasOwnProperty.call(claims, claim)) throw new Reject('missing-claim', `the payload has no ${claim} claim`);
  if (!isString(claims[claim])) throw new Reject('invalid-claim-type', `claim ${claim} is not a string`);
  if (claims[claim] !== required) throw new Reject('invalid-claim-value', `claim ${claim} is not ${required}`);
}

// jose's errors (dist/node/cjs/util/errors.js), raised by decodeProtectedHeader, compactVerify,
// decodeJwt and jwtVerify.
function reasonOf(error) {
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm-not-allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  if (error instanceof errors.JWTExpired) return error.claim === 'exp' ? 'expired' : error.claim === 'iat' ? 'issued-at-out-of-window' : null;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'invalid') return 'invalid-claim-type';
    if (error.reason === 'missing') return 'missing-claim';
    if (error.claim === 'nbf') return 'not-yet-valid';
    if (error.claim === 'iat') return 'issued-at-out-of-window';
    return null;
  }
  if (error instanceof errors.JOSENotSupported) {
    // lib/validate_crit.js: a critical extension jose does not recognise
    return /Extension Header Parameter .* is not recognized/.test(error.message) ? 'invalid-header' : null;
  }
  if (error instanceof errors.JWSInvalid) {
    if (/"crit" \(Critical\) Header Parameter|Extension Header Parameter/.test(error.message)) return 'invalid-header';
    if (/"alg" \(Algorithm\) Header Parameter missing or invalid/.test(error.message)) return 'algorithm-not-allowed';
    return 'malformed';
  }
  if (error instanceof errors.JWTInvalid) {
    // jwt/verify.js: a JWS with crit ["b64"] and b64 false, which jose's JWS layer understands
    if (/unencoded payload/.test(error.message)) return 'invalid-header';
    return 'malformed'; // the claims set is not a JSON object
  }
  return null;
}

function asReject(error) {
  if (error instanceof errors.JOSEError) return new Reject(reasonOf(error), `${error.code}: ${error.message}`);
  throw error; // not one of jose's errors: the request is answered error
}

async function verify(profile, token, keys, now) {
  let header;
  try {
    header = jose.decodeProtectedHeader(token);
  } catch (error) {
    if (error instanceof TypeError) throw new Reject('malformed', `${error.message}`); // "Invalid Token or Protected Header formatting"
    throw asReject(error);
  }
  const headerDefect = checkHeader(header, profile);
  const [key, keyDefect] = selectKey(header, keys, profile);
  const secret = encoder.encode(key ? key.secret : '\u0000no key matches this token\u0000');
  try {
    await jose.compactVerify(token, secret, { algorithms: ['HS256'] });
  } catch (error) {
    const rejection = asReject(error);
    if (rejection.stage <= 2) throw rejection;
    throw headerDefect || keyDefect || rejection;
  }
  if (headerDefect || keyDefect) throw headerDefect || keyDefect;
  let claims;
  try {
    claims = jose.decodeJwt(token);
  } catch (error) {
    throw asReject(error);
  }
  const identity = resolveIdentity(claims, profile);
  checkScope(claims, profile);
  if (profile.iatRequired && !Object.prototype.hasOwnProperty.call(claims, 'iat')) {
    throw new Reject('missing-claim', 'the payload has no iat claim');
  }
  if (profile.expRequired && !Object.prototype.hasOwnProperty.call(claims, 'exp')) {
    throw new Reject('missing-claim', 'the payload has no exp claim');
  }
  const options = { algorithms: ['HS256'], currentDate: new Date(now * 1000), clockTolerance: 0 };
  if (profile.iatWindow !== null) options.maxTokenAge = profile.iatWindow[0];
  try {
    await jose.jwtVerify(token, secret, options);
  } catch (error) {
    throw asReject(error);
  }
  return identity;
}

async function sign(profile, key, subject, now, lifetime) {
  const claims = {};
  for (const [claim, kind] of profile.identity) {
    const value = subject[kind];
    if (value === undefined || value === null) continue;
    if (!isString(value)) throw new RequestError(`subject.${kind} must be a string or null`);
    if (value === '') throw new RequestError(`the subject's identifier for claim ${claim} is empty`);
    claims[claim] = value;
  }
  if (Object.keys(claims).length === 0) throw new RequestError('the subject has no identifier the profile has a claim for');
  if (profile.scope !== null) claims[profile.scope[0]] = profile.scope[1];
  claims.iat = now;
  if (lifetime !== null) {
    if (lifetime <= 0) throw new RequestError(`lifetime ${lifetime} must be positive`);
    claims.exp = now + lifetime;
  }
  const header = { alg: 'HS256' };
  if (profile.typ !== null) header.typ = profile.typ;
  if (profile.kidRequired) {
    if (key.kid === null) throw new RequestError('the profile requires a key id (kid) and the key has none');
    header.kid = key.kid;
  }
  return new jose.SignJWT(claims).setProtectedHeader(header).sign(encoder.encode(key.secret));
}

function integer(request, name, required) {
  const value = request[name];
  if (value === undefined || value === null) {
    if (required) throw new RequestError(`the request has no ${name} (a testee never reads the wall clock)`);
    return null;
  }
  // a JSON number above 2^53 is already rounded by JSON.parse: jose takes numbers, so it gets the same value
  if (!Number.isInteger(value)) throw new RequestError(`${name} must be an integer`);
  return value;
}

function readProfile(request) {
  if (!isString(request.profile)) throw new RequestError('the request has no profile');
  if (!PROFILES.has(request.profile)) throw new Skip(`profile ${request.profile} is not implemented by this testee`);
  return PROFILES.get(request.profile);
}

function readKey(value, where) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RequestError(`${where} must be an object`);
  if (!isString(value.secret)) throw new RequestError(`${where}.secret must be a string`);
  const kid = value.kid === undefined ? null : value.kid;
  if (kid !== null && !isString(kid)) throw new RequestError(`${where}.kid must be a string or null`);
  return { kid, secret: value.secret };
}

async function handle(request) {
  switch (request.op) {
    case 'hello':
      if (request.protocol !== 1) throw new RequestError('only protocol 1 is supported');
      return {
        ok: true, protocol: 1,
        implementation: { name: 'jose (panva)', version: JOSE_VERSION, language: 'javascript' },
        roles: ['verifier', 'signer'], profiles: [...PROFILES.keys()].sort(),
      };
    case 'verify': {
      const profile = readProfile(request);
      if (!isString(request.token)) throw new RequestError("'token' must be a string");
      if (!Array.isArray(request.keys)) throw new RequestError("'keys' must be an array");
      const keys = request.keys.map((key, index) => readKey(key, `keys[${index}]`));
      const now = integer(request, 'now', true);
      try {
        const identity = await verify(profile, request.token, keys, now);
        return { id: request.id, result: 'accept', identity };
      } catch (error) {
        if (!(error instanceof Reject)) throw error;
        const response = { id: request.id, result: 'reject', message: error.message };
        if (error.reason) response.reason = error.reason;
        return response;
      }
    }
    case 'sign': {
      const profile = readProfile(request);
      const key = readKey(request.key, 'key');
      const subject = request.subject && typeof request.subject === 'object' ? request.subject : {};
      const now = integer(request, 'now', true);
      const lifetime = integer(request, 'lifetime', false);
      return { id: request.id, token: await sign(profile, key, subject, now, lifetime) };
    }
    default:
      throw new RequestError(`unknown op ${JSON.stringify(request.op)}`);
  }
}

function idOf(request) {
  const id = request && typeof request === 'object' ? request.id : null;
  return ['string', 'number', 'boolean'].includes(typeof id) ? id : null;
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let request = null;
    let response;
    try {
      try {
        request = JSON.parse(line);
      } catch (error) {
        throw new RequestError(`the request line is not JSON: ${error.message}`);
      }
      if (request === null || typeof request !== 'object' || Array.isArray(request)) throw new RequestError('a request must be a JSON object');
      response = await handle(request);
    } catch (error) {
      if (error instanceof Skip) {
        response = { id: idOf(request), result: 'skip', message: error.message };
      } else if (error instanceof RequestError) {
        response = { id: idOf(request), result: 'error', message: error.message };
      } else {
        process.stderr.write(`request ${JSON.stringify(idOf(request))} failed: ${error && error.stack}\n`);
        response = { id: idOf(request), result: 'error', message: `unexpected ${error && error.name}: ${error && error.message}` };
      }
    }
    process.stdout.write(`${JSON.stringify(response)}\n`);
  }
}

main();
