# frozen_string_literal: true

# Tests for the Ruby testees (ruby_jwt_testee.rb, json_jwt_testee.rb): ruby Adapters/ruby/test_adapters.rb
# Each test spawns the testee and talks protocol version 1 to it, once for each testee (a test class
# per testee sharing TesteeTests). Tokens are built with OpenSSL::HMAC only.

require 'base64'
require 'json'
require 'minitest/autorun'
require 'open3'
require 'openssl'
require 'tmpdir'

module TesteeTests
  NOW = 1_700_000_000

  def setup
    @stdin, @stdout, @stderr, @thread = Open3.popen3('ruby', File.expand_path(self.class::TESTEE, __dir__))
  end

  def teardown
    @stdin.close unless @stdin.closed?
    @thread.join(5)
    [@stdout, @stderr].each { |io| io.close unless io.closed? }
  end

  def ask(line)
    @stdin.write(line.is_a?(String) ? line : JSON.generate(line), "\n")
    @stdin.flush
    JSON.parse(@stdout.gets)
  end

  def b64(bytes)
    Base64.urlsafe_encode64(bytes, padding: false)
  end

  def token(header, claims, secret)
    input = "#{b64(JSON.generate(header))}.#{b64(JSON.generate(claims))}"
    "#{input}.#{b64(OpenSSL::HMAC.digest('SHA256', secret, input))}"
  end

  def test_hello
    hello = ask({ op: 'hello', protocol: 1 })
    assert_equal true, hello['ok']
    assert_equal 1, hello['protocol']
    assert_equal self.class::NAME, hello['implementation']['name']
    assert_equal %w[signer verifier], hello['roles'].sort
    # the repository's profiles (Vectors/profiles; later vendors may add more)
    assert_empty %w[kustomer sunshine] - hello['profiles']
  end

  # The repository's profiles plus `acme` (Kustomer's rules, identity claim renamed to `user_id`,
  # `typ` required) and `broken` (a member no loader knows), in a temporary folder.
  def write_synthetic_profiles(folder)
    root = File.expand_path('../../Vectors/profiles', __dir__)
    %w[kustomer sunshine].each { |name| File.write(File.join(folder, "#{name}.json"), File.read(File.join(root, "#{name}.json"))) }
    acme = JSON.parse(File.read(File.join(root, 'kustomer.json')))
    acme['id'] = 'acme'
    acme['identityClaims'] = [{ 'claim' => 'user_id', 'kind' => 'externalId' }]
    acme['header']['typRequired'] = true
    File.write(File.join(folder, 'acme.json'), JSON.generate(acme))
    broken = acme.merge('id' => 'broken', 'expiration' => { 'honoured' => true, 'required' => false, 'leeway' => 30 })
    File.write(File.join(folder, 'broken.json'), JSON.generate(broken))
  end

  def test_profiles_come_from_the_data_files
    Dir.mktmpdir do |folder|
      write_synthetic_profiles(folder)
      teardown
      @stdin, @stdout, @stderr, @thread = Open3.popen3({ 'JWT_CONFORMANCE_PROFILES' => folder }, 'ruby', File.expand_path(self.class::TESTEE, __dir__))
      assert_equal %w[acme kustomer sunshine], ask({ op: 'hello', protocol: 1 })['profiles'].sort
      keys = [{ kid: nil, secret: 'kus-secret' }]
      claims = { user_id: 'u-7', iat: NOW - 60 }
      verify = ->(profile, header, body) { ask({ op: 'verify', id: 'D-1', profile: profile, token: token(header, body, 'kus-secret'), keys: keys, now: NOW }) }
      accepted = verify.call('acme', { alg: 'HS256', typ: 'JWT' }, claims)
      assert_equal({ 'kind' => 'externalId', 'value' => 'u-7' }, accepted['identity'], accepted.inspect)
      no_typ = verify.call('acme', { alg: 'HS256' }, claims)
      assert_equal %w[reject invalid-header], [no_typ['result'], no_typ['reason']], no_typ.inspect
      renamed = verify.call('acme', { alg: 'HS256', typ: 'JWT' }, { externalId: 'u-7', iat: NOW - 60 })
      assert_equal %w[reject missing-claim], [renamed['result'], renamed['reason']], renamed.inspect
      assert_equal 'accept', verify.call('kustomer', { alg: 'HS256' }, { externalId: 'u-7', iat: NOW - 60 })['result']
      assert_equal 'skip', verify.call('broken', { alg: 'HS256', typ: 'JWT' }, claims)['result']
      signed = ask({ op: 'sign', id: 'D-2', profile: 'acme', key: keys[0], subject: { externalId: 'u-8', email: nil }, now: NOW })
      payload = JSON.parse(Base64.urlsafe_decode64(signed['token'].split('.')[1]))
      assert_equal 'u-8', payload['user_id']
      refute payload.key?('externalId')
    end
  end

  def test_valid_kustomer_token_email_wins
    jwt = token({ alg: 'HS256', typ: 'JWT' }, { externalId: 'cust-1', email: 'a@example.com', iat: NOW - 10 }, 'kus-secret')
    answer = ask({ op: 'verify', id: 'T-1', profile: 'kustomer', token: jwt, keys: [{ kid: nil, secret: 'kus-secret' }], now: NOW })
    assert_equal({ 'id' => 'T-1', 'result' => 'accept', 'identity' => { 'kind' => 'email', 'value' => 'a@example.com' } }, answer)
  end

  # A lone-surrogate escape decodes to a String that is not valid UTF-8: the typ rule must still
  # answer (the reference refuses the JSON as malformed; a library that accepts it meets typ).
  def test_typ_that_is_not_valid_utf8_is_refused_not_an_error
    input = "#{b64('{"alg":"HS256","typ":"\\udc80"}')}.#{b64(JSON.generate({ externalId: 'c', iat: NOW - 10 }))}"
    jwt = "#{input}.#{b64(OpenSSL::HMAC.digest('SHA256', 'kus-secret', input))}"
    answer = ask({ op: 'verify', id: 'T-9', profile: 'kustomer', token: jwt, keys: [{ kid: nil, secret: 'kus-secret' }], now: NOW })
    assert_equal 'reject', answer['result'], answer.inspect
    assert_includes %w[malformed invalid-header], answer['reason'], answer.inspect
  end

  def test_kustomer_iat_window_is_inclusive
    secret = 'kus-secret'
    keys = [{ kid: nil, secret: secret }]
    inside = token({ alg: 'HS256', typ: 'JWT' }, { externalId: 'c', iat: NOW - 900 }, secret)
    outside = token({ alg: 'HS256', typ: 'JWT' }, { externalId: 'c', iat: NOW - 901 }, secret)
    assert_equal 'accept', ask({ op: 'verify', id: 'T-2', profile: 'kustomer', token: inside, keys: keys, now: NOW })['result']
    answer = ask({ op: 'verify', id: 'T-3', profile: 'kustomer', token: outside, keys: keys, now: NOW })
    assert_equal %w[reject issued-at-out-of-window], [answer['result'], answer['reason']]
  end

  def test_expired_sunshine_token
    claims = { external_id: 'u-1', scope: 'user', exp: NOW }
    jwt = token({ alg: 'HS256', typ: 'JWT', kid: 'app_1' }, claims, 'sun-secret')
    answer = ask({ op: 'verify', id: 'T-4', profile: 'sunshine', token: jwt, keys: [{ kid: 'app_1', secret: 'sun-secret' }], now: NOW })
    assert_equal({ 'id' => 'T-4', 'result' => 'reject', 'reason' => 'expired' }, answer.slice('id', 'result', 'reason'))
    answer = ask({ op: 'verify', id: 'T-5', profile: 'sunshine', token: jwt, keys: [{ kid: 'app_1', secret: 'sun-secret' }], now: NOW - 1 })
    assert_equal 'accept', answer['result']
  end

  def test_sunshine_unknown_kid_has_no_fallback
    jwt = token({ alg: 'HS256', typ: 'JWT', kid: 'app_2' }, { external_id: 'u-1', scope: 'user' }, 'sun-secret')
    answer = ask({ op: 'verify', id: 'T-6', profile: 'sunshine', token: jwt, keys: [{ kid: 'app_1', secret: 'sun-secret' }], now: NOW })
    assert_equal %w[reject unknown-key], [answer['result'], answer['reason']]
  end

  def test_kid_ignored_when_not_required
    # Kustomer does not require kid: a kid naming no key is ignored; the first key verifies.
    keys = [{ kid: nil, secret: 'kus-secret' }, { kid: nil, secret: 'replaced-secret' }]
    jwt = token({ alg: 'HS256', kid: 'previous' }, { externalId: 'u-1', iat: NOW }, 'kus-secret')
    answer = ask({ op: 'verify', id: 'T-KID', profile: 'kustomer', token: jwt, keys: keys, now: NOW })
    assert_equal 'accept', answer['result'], answer.inspect
  end

  def test_sign_then_verify
    signed = ask({ op: 'sign', id: 'T-7', profile: 'sunshine', key: { kid: 'app_1', secret: 'sun-secret' },
                   subject: { externalId: 'u-9', email: nil }, now: NOW, lifetime: 60 })
    header = JSON.parse(Base64.urlsafe_decode64(signed['token'].split('.')[0]))
    assert_equal({ 'alg' => 'HS256', 'typ' => 'JWT', 'kid' => 'app_1' }, header)
    answer = ask({ op: 'verify', id: 'T-8', profile: 'sunshine', token: signed['token'], keys: [{ kid: 'app_1', secret: 'sun-secret' }], now: NOW })
    assert_equal({ 'kind' => 'externalId', 'value' => 'u-9' }, answer['identity'])
  end

  def test_garbage_is_an_error_and_the_testee_keeps_serving
    answer = ask('this is not json')
    assert_equal 'error', answer['result']
    answer = ask({ op: 'verify', id: 'T-9', profile: 'kustomer', token: 'a.b.c', keys: [{ kid: nil, secret: 's' }] })
    assert_equal %w[T-9 error], [answer['id'], answer['result']] # no `now`: never the wall clock
    answer = ask({ op: 'refresh', id: 'T-10' })
    assert_equal %w[T-10 skip], [answer['id'], answer['result']]
    hostile = "#{b64('[1]')}.#{b64('{}')}.#{b64('x')}" # ruby-jwt raises TypeError, json-jwt NoMethodError on an array header
    answer = ask({ op: 'verify', id: 'T-11', profile: 'kustomer', token: hostile, keys: [{ kid: nil, secret: 's' }], now: NOW })
    assert_equal %w[T-11 error], [answer['id'], answer['result']]
    assert_equal self.class::NAME, ask({ op: 'hello', protocol: 1 })['implementation']['name']
  end

  def test_now_is_injected_not_read
    # At the wall clock this token expired long ago; at the injected now it is valid.
    jwt = token({ alg: 'HS256', typ: 'JWT' }, { externalId: 'c', iat: 1000, exp: 1500 }, 'kus-secret')
    keys = [{ kid: nil, secret: 'kus-secret' }]
    assert_equal 'accept', ask({ op: 'verify', id: 'T-12', profile: 'kustomer', token: jwt, keys: keys, now: 1400 })['result']
    answer = ask({ op: 'verify', id: 'T-13', profile: 'kustomer', token: jwt, keys: keys, now: 1500 })
    assert_equal %w[reject expired], [answer['result'], answer['reason']]
  end

  def test_wrong_key_and_alg_none
    keys = [{ kid: nil, secret: 'kus-secret' }]
    wrong = token({ alg: 'HS256' }, { externalId: 'c', iat: NOW }, 'another secret')
    assert_equal 'bad-signature', ask({ op: 'verify', id: 'T-14', profile: 'kustomer', token: wrong, keys: keys, now: NOW })['reason']
    none = "#{b64('{"alg":"none"}')}.#{b64(JSON.generate({ externalId: 'c', iat: NOW }))}."
    assert_equal 'algorithm-not-allowed', ask({ op: 'verify', id: 'T-15', profile: 'kustomer', token: none, keys: keys, now: NOW })['reason']
  end
end

class RubyJwtTesteeTest < Minitest::Test
  include TesteeTests
  TESTEE = 'ruby_jwt_testee.rb'
  NAME = 'ruby-jwt'
end

class JsonJwtTesteeTest < Minitest::Test
  include TesteeTests
  TESTEE = 'json_jwt_testee.rb'
  NAME = 'json-jwt'
end
