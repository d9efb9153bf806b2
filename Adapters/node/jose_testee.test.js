// Tests for jose_testee.js: spawn it and talk protocol version 1 to it. Tokens are built with
// node:crypto only, never with jose.   Run: node --test Adapters/node
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const { createHmac } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

function testee(env = process.env) {
  const child = spawn(process.execPath, [path.join(__dirname, 'jose_testee.js')], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async ask(request) {
      child.stdin.write(`${JSON.stringify(request)}\n`);
      return JSON.parse((await lines.next()).value);
    },
    close() {
      child.stdin.end();
      return new Promise((resolve) => child.on('exit', resolve));
    },
  };
}

function token(header, claims, secret) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const SECRET = 'kustomer-secret-0123456789';
const KEYS = [{ kid: null, secret: SECRET }];

test('jose testee', async (t) => {
  const jose = testee();
  const verify = (jws, now) => jose.ask({ op: 'verify', id: 'v', profile: 'kustomer', token: jws, keys: KEYS, now });

  await t.test('hello names the library', async () => {
    assert.strictEqual((await jose.ask({ op: 'hello', protocol: 1 })).implementation.name, 'jose (panva)');
  });
  await t.test('now is injected, never read', async () => {
    // At the wall clock this token expired long ago; at the injected now it is valid.
    const dated = token({ alg: 'HS256', typ: 'JWT' }, { externalId: 'u1', iat: 1000, exp: 2000 }, SECRET);
    assert.strictEqual((await verify(dated, 1500)).result, 'accept');
    assert.strictEqual((await verify(dated, 2000)).reason, 'expired');
  });
  await t.test('the Kustomer iat window, through maxTokenAge', async () => {
    const old = token({ alg: 'HS256' }, { externalId: 'u1', iat: 1000 }, SECRET);
    assert.strictEqual((await verify(old, 1900)).result, 'accept');
    assert.strictEqual((await verify(old, 1901)).reason, 'issued-at-out-of-window');
  });
  await t.test('reasons', async () => {
    assert.strictEqual((await verify(token({ alg: 'HS256' }, { externalId: 'u1', iat: 1000 }, 'other'), 1000)).reason, 'bad-signature');
    assert.strictEqual((await verify(token({ alg: 'none' }, { externalId: 'u1', iat: 1000 }, SECRET), 1000)).reason, 'algorithm-not-allowed');
    assert.strictEqual((await verify(token({ alg: 'HS256' }, { externalId: 'u1', exp: 900 }, SECRET), 1000)).reason, 'missing-claim');
    assert.strictEqual((await verify(token({ alg: 'HS256' }, { externalId: 'u\ud800', iat: 1000 }, SECRET), 1000)).reason, 'invalid-claim-value');
  });
  await t.test('no kid required: a kid naming no key is ignored, the first key verifies', async () => {
    const keys = [{ kid: null, secret: SECRET }, { kid: null, secret: 'replaced-secret-0000000000' }];
    const ask = (jws) => jose.ask({ op: 'verify', id: 'r', profile: 'kustomer', token: jws, keys, now: 1000 });
    assert.strictEqual((await ask(token({ alg: 'HS256', kid: 'previous' }, { externalId: 'u1', iat: 1000 }, SECRET))).result, 'accept');
    assert.strictEqual((await ask(token({ alg: 'HS256' }, { externalId: 'u1', iat: 1000 }, keys[1].secret))).reason, 'bad-signature');
  });
  await t.test('a signed Sunshine token verifies', async () => {
    const key = { kid: 'app_1', secret: 'BFJJ88naxc5PZNAMU9KpBNTR' };
    const signed = await jose.ask({ op: 'sign', id: 's', profile: 'sunshine', key, subject: { externalId: '42', email: null }, now: 1000 });
    const answer = await jose.ask({ op: 'verify', id: 'v', profile: 'sunshine', token: signed.token, keys: [key], now: 1000 });
    assert.deepStrictEqual(answer.identity, { kind: 'externalId', value: '42' });
  });
  await t.test('requests without now are errors, other profiles skipped', async () => {
    assert.strictEqual((await jose.ask({ op: 'verify', id: 'x', profile: 'kustomer', token: 'a.b.c', keys: [] })).result, 'error');
    assert.strictEqual((await jose.ask({ op: 'verify', id: 'y', profile: 'other', token: 'a.b.c', keys: [], now: 1 })).result, 'skip');
  });
  assert.strictEqual(await jose.close(), 0);
});

// The repository's profiles plus acme (Kustomer's rules, identity claim renamed to user_id, typ
// required) and broken (a member no loader knows), in a temporary folder.
function writeSyntheticProfiles(folder) {
  const read = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'Vectors', 'profiles', `${name}.json`), 'utf8'));
  const write = (name, document) => fs.writeFileSync(path.join(folder, `${name}.json`), JSON.stringify(document));
  write('kustomer', read('kustomer'));
  write('sunshine', read('sunshine'));
  const acme = read('kustomer');
  acme.id = 'acme';
  acme.identityClaims = [{ claim: 'user_id', kind: 'externalId' }];
  acme.header.typRequired = true;
  write('acme', acme);
  write('broken', { ...acme, id: 'broken', expiration: { honoured: true, required: false, leeway: 30 } });
}

test('profiles come from the data files', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jose-profiles-'));
  writeSyntheticProfiles(folder);
  const jose = testee({ ...process.env, JWT_CONFORMANCE_PROFILES: folder });
  try {
    assert.deepStrictEqual((await jose.ask({ op: 'hello', protocol: 1 })).profiles, ['acme', 'kustomer', 'sunshine']);
    const verify = (profile, header, claims) => jose.ask({ op: 'verify', id: 'd', profile, token: token(header, claims, SECRET), keys: KEYS, now: 1000 });
    const claims = { user_id: 'u-7', iat: 990 };
    assert.deepStrictEqual((await verify('acme', { alg: 'HS256', typ: 'JWT' }, claims)).identity, { kind: 'externalId', value: 'u-7' });
    assert.strictEqual((await verify('acme', { alg: 'HS256' }, claims)).reason, 'invalid-header');
    assert.strictEqual((await verify('acme', { alg: 'HS256', typ: 'JWT' }, { externalId: 'u-7', iat: 990 })).reason, 'missing-claim');
    assert.strictEqual((await verify('kustomer', { alg: 'HS256' }, { externalId: 'u-7', iat: 990 })).result, 'accept');
    assert.strictEqual((await verify('broken', { alg: 'HS256', typ: 'JWT' }, claims)).result, 'skip');
    const signed = await jose.ask({ op: 'sign', id: 's', profile: 'acme', key: KEYS[0], subject: { externalId: 'u-8', email: null }, now: 1000 });
    const payload = JSON.parse(Buffer.from(signed.token.split('.')[1], 'base64url'));
    assert.strictEqual(payload.user_id, 'u-8');
    assert.ok(!('externalId' in payload));
  } finally {
    assert.strictEqual(await jose.close(), 0);
    fs.rmSync(folder, { recursive: true });
  }
});
