#!/usr/bin/env ruby
# frozen_string_literal: true

# jwt-conformance testee for Ruby's `jwt` gem (ruby-jwt, https://github.com/jwt/ruby-jwt),
# protocol version 1, roles verifier and signer, profiles kustomer and sunshine.
#
# Run: ruby Adapters/ruby/ruby_jwt_testee.rb   (requests on stdin, responses on stdout)
# Installed from Debian packages (`apt-get install ruby ruby-jwt`; bookworm: ruby-jwt 2.5.0).
#
# What ruby-jwt does here (its own code, its own deviations):
#   * compact-JWS parsing, base64url and JSON decoding: `JWT.decode(token, nil, false)` to read the
#     header, `JWT.decode(token, key, true, options)` to verify;
#   * the `alg` allow-list: `algorithms: ['HS256']` (JWT::Decode#verify_algo);
#   * HMAC-SHA-256 with the secret's UTF-8 bytes (the secret String is the HMAC key as is; it is
#     never base64-decoded) and the constant-time comparison (JWT::SecurityUtils.secure_compare);
#   * Kustomer: trying every key of the set (`JWT.decode` takes an Array of keys and accepts the
#     token when any verifies: the profile does not require `kid`, so `kid` is not used);
#   * Kustomer's required `iat`: `required_claims: ['iat']`;
#   * Kustomer's `iat` type and not-in-the-future check: `verify_iat: true` (Numeric, <= now);
#   * `exp` and `nbf`: `verify_expiration: true`, `verify_not_before: true`, `leeway: 0`, with the
#     library's own reading (`value.to_i`) and comparisons, at the injected `now` (below);
#   * signing: `JWT.encode(claims, secret, 'HS256', header_fields)`.
#
# What this adapter adds (ruby-jwt cannot be configured to enforce these):
#   * header `typ`: when present it must be "JWT" (ASCII case-insensitive, "application/" implied,
#     RFC 7515 §4.1.9); absent is allowed;
#   * Sunshine: the header must carry `kid`, a string;
#   * Sunshine: key selection by `kid`, with NO fallback to another key (an unknown or missing kid
#     is `unknown-key`; the token is then still run through the library with a placeholder key so
#     that earlier-stage defects are reported first);
#   * identity claims: the profile's claims in precedence order (Kustomer `email` then
#     `externalId`, Sunshine `external_id`); each present one must be a non-empty JSON string of
#     Unicode text (valid UTF-8), the first present one wins (email over externalId), and at least
#     one must be present;
#   * Sunshine `scope` must be the JSON string "user";
#   * the Kustomer iat window: now - 900 <= iat <= now + 900, both ends inclusive, on the Numeric
#     ruby-jwt parsed;
#   * a header or payload that is not a JSON object is `malformed` when ruby-jwt has not refused
#     the token earlier (the header still goes through ruby-jwt, which indexes it with ['alg']);
#   * the reasons are reported in stage order (structure -> header -> key -> signature -> claims ->
#     time), by calling ruby-jwt in phases (see `verify_token`).
#
# How `now` is injected: ruby-jwt 2.5 has no `now` option; JWT::Verify#verify_expiration,
# #verify_not_before and #verify_iat call `Time.now`. `leeway`/`exp_leeway`/`nbf_leeway` could only
# stand in for a clock by reading the wall clock to compute the offset. Because those methods are
# defined lexically inside `module JWT`, Ruby resolves the constant `Time` there as `JWT::Time`
# before `::Time`; this adapter defines `JWT::Time.now` to return the request's `now` (and to raise
# outside a request). Only JWT::Verify names `Time` in ruby-jwt 2.5. The library's comparisons then
# run unchanged (leeway 0). A self-test at start-up checks the substitution takes effect (a token
# with exp 1001 is accepted at 1000 and refused at 1001); if it does not, every verify request is
# answered `error` instead of silently using the wall clock.
#
# ruby-jwt's JWK key set (`jwks:`) is not used for Sunshine's kid lookup: 2.5's JWT::JWK::HMAC takes
# the JWK's `k` as the raw key instead of base64url-decoding it (RFC 7517), so the same code would
# mean another key under later releases.
#
# Library behaviour is left as it is (see known-failures/ruby-jwt.txt for the causes). Any
# exception that is not one of ruby-jwt's error classes is answered `error` with the exception in
# `message`, and the process keeps serving. stdout carries protocol lines only ($stdout is pointed at
# stderr); diagnostics go to stderr.

require 'json'
require 'openssl'
require 'jwt'

PROTOCOL_VERSION = 1
PROTOCOL_OUT = $stdout
PROTOCOL_OUT.binmode
PROTOCOL_OUT.sync = true
$stdout = $stderr # nothing but protocol lines may reach the real stdout

# The clock ruby-jwt reads (see the header comment).
module JWT
  module Time
    def self.now
      now = Thread.current[:jwt_conformance_now]
      raise 'ruby-jwt asked for the time outside a request: no `now` injected' if now.nil?

      ::Time.at(now)
    end
  end
end

module RubyJwtTestee
  STAGES = {
    'malformed' => 1, 'algorithm-not-allowed' => 2, 'invalid-header' => 2, 'unknown-key' => 3,
    'bad-signature' => 4, 'missing-claim' => 5, 'invalid-claim-type' => 5, 'invalid-claim-value' => 5,
    'expired' => 6, 'not-yet-valid' => 6, 'issued-at-out-of-window' => 6
  }.freeze
  HEADER_STAGE = 2

  # The token is refused.
  class Reject < StandardError
    attr_reader :reason

    def initialize(reason, message = nil)
      raise ArgumentError, "not a rejection reason: #{reason.inspect}" unless STAGES.key?(reason)

      @reason = reason
      super(message || reason)
    end

    def stage
      STAGES.fetch(reason)
    end
  end

  # The request cannot be served: answered `result: error`.
  class RequestError < StandardError; end
  # The request is outside what this testee does: answered `result: skip`.
  class Skip < StandardError; end

  Profile = Struct.new(:name, :algorithms, :typ, :kid_required, :identity_claims, :scope,
                       :iat_required, :iat_window, keyword_init: true)
  Key = Struct.new(:kid, :secret)

  PROFILES = {
    # Seeds 000-003: header {alg HS256, typ JWT}; `email` and/or `externalId`, email wins; `iat` in
    # seconds within 15 minutes; no kid.
    'kustomer' => Profile.new(
      name: 'kustomer', algorithms: ['HS256'], typ: 'JWT', kid_required: false,
      identity_claims: [%w[email email], %w[externalId externalId]], scope: nil,
      iat_required: true, iat_window: [900, 900]
    ),
    # Seed 004: header `kid`; `scope: "user"` and a string `external_id`; `exp` honoured; no iat rule.
    'sunshine' => Profile.new(
      name: 'sunshine', algorithms: ['HS256'], typ: 'JWT', kid_required: true,
      identity_claims: [%w[external_id externalId]], scope: %w[scope user],
      iat_required: false, iat_window: nil
    )
  }.freeze

  # When no key matches, the library still runs with this key, so that it reports earlier defects.
  PLACEHOLDER_SECRET = "\u0000no key matches this token\u0000"

  module_function

  def log(message)
    $stderr.puts(message)
    $stderr.flush
  rescue StandardError
    nil
  end

  def json_type(value)
    case value
    when nil then 'null'
    when true, false then 'a boolean'
    when Numeric then 'a number'
    when String then 'a string'
    when Array then 'an array'
    when Hash then 'an object'
    else value.class.name
    end
  end

  def with_clock(now)
    previous = Thread.current[:jwt_conformance_now]
    Thread.current[:jwt_conformance_now] = now
    yield
  ensure
    Thread.current[:jwt_conformance_now] = previous
  end

  # Options for ruby-jwt: every claim check off unless named.
  def options(profile, **checks)
    {
      algorithms: profile.algorithms,
      verify_expiration: false, verify_not_before: false, verify_iat: false, verify_iss: false,
      verify_aud: false, verify_sub: false, verify_jti: false, leeway: 0, required_claims: []
    }.merge(checks)
  end

  # ruby-jwt errors raised while parsing the token or checking its signature.
  def structure_rejection(error)
    case error
    when JWT::VerificationError then Reject.new('bad-signature', "#{error.class}: #{error.message}")
    when JWT::IncorrectAlgorithm then Reject.new('algorithm-not-allowed', "#{error.class}: #{error.message}")
    when JWT::DecodeError
      if error.message == 'HMAC key cannot be empty'
        # ruby-jwt refuses to use an empty secret (Algos::Hmac.ensure_valid_key!), after the
        # structure and alg checks: no usable key verifies the token (AMB-SHORT-SECRET).
        Reject.new('unknown-key', "ruby-jwt refuses the configured key: #{error.message}")
      else
        Reject.new('malformed', "#{error.class}: #{error.message}")
      end
    end
  end

  def startup_problem
    token = JWT.encode({ 'exp' => 1001 }, 'clock-self-test-secret-0123456789', 'HS256')
    opts = { algorithms: ['HS256'], verify_expiration: true, leeway: 0 }
    with_clock(1000) { JWT.decode(token, 'clock-self-test-secret-0123456789', true, opts) }
    begin
      with_clock(1001) { JWT.decode(token, 'clock-self-test-secret-0123456789', true, opts) }
    rescue JWT::ExpiredSignature
      return nil
    end
    'cannot inject `now` into ruby-jwt: exp was not checked against the injected clock'
  rescue StandardError => e
    "cannot inject `now` into ruby-jwt: #{e.class}: #{e.message}"
  end

  # --- adapter rules -----------------------------------------------------------------------------

  def same_media_type?(value, expected)
    normalize = ->(text) { (text.include?('/') ? text : "application/#{text}").tr('A-Z', 'a-z') }
    normalize.call(value) == normalize.call(expected)
  end

  def header_defect(header, profile)
    if profile.typ && header.key?('typ')
      typ = header['typ']
      return Reject.new('invalid-header', 'typ is not a string') unless typ.is_a?(String)
      return Reject.new('invalid-header', "typ #{typ.inspect} is not #{profile.typ.inspect}") unless same_media_type?(typ, profile.typ)
    end
    if profile.kid_required
      return Reject.new('invalid-header', 'Missing key id (kid)') unless header.key?('kid')
      return Reject.new('invalid-header', "kid is #{json_type(header['kid'])}, not a string") unless header['kid'].is_a?(String)
    end
    nil
  end

  # Returns [secret or Array of secrets for ruby-jwt, Reject or nil].
  def resolve_key(header, keys, profile)
    return [nil, Reject.new('unknown-key', 'the key set is empty')] if keys.empty?
    # Kustomer does not require kid: ruby-jwt is given every secret and tries each.
    return [keys.map(&:secret), nil] unless profile.kid_required

    kid = header['kid']
    return [nil, Reject.new('unknown-key', 'no key can be selected without a string kid')] unless kid.is_a?(String)

    key = keys.find { |candidate| !candidate.kid.nil? && candidate.kid == kid }
    return [nil, Reject.new('unknown-key', "no key has kid #{kid.inspect}")] if key.nil?

    [key.secret, nil]
  end

  def resolve_identity(payload, profile)
    identity = nil
    profile.identity_claims.each do |claim, kind|
      next unless payload.key?(claim)

      value = payload[claim]
      raise Reject.new('invalid-claim-type', "claim #{claim.inspect} is #{json_type(value)}, not a string") unless value.is_a?(String)
      raise Reject.new('invalid-claim-value', "claim #{claim.inspect} is an empty string") if value.empty?
      unless value.encoding == Encoding::UTF_8 && value.valid_encoding?
        # Ruby's JSON parser passes bytes that are not UTF-8 (and a lone-surrogate escape) through
        # into the String; such a string is no Unicode text and names no customer.
        raise Reject.new('invalid-claim-value', "claim #{claim.inspect} is not valid UTF-8 text")
      end

      identity ||= { 'kind' => kind, 'value' => value }
    end
    if identity.nil?
      names = profile.identity_claims.map { |claim, _| claim.inspect }.join(', ')
      raise Reject.new('missing-claim', "the payload has none of the identity claims #{names}")
    end
    identity
  end

  def check_scope(payload, profile)
    return if profile.scope.nil?

    claim, required = profile.scope
    raise Reject.new('missing-claim', "the payload has no #{claim.inspect} claim") unless payload.key?(claim)

    value = payload[claim]
    raise Reject.new('invalid-claim-type', "claim #{claim.inspect} is #{json_type(value)}, not a string") unless value.is_a?(String)
    raise Reject.new('invalid-claim-value', "claim #{claim.inspect} is #{value.inspect}, not #{required.inspect}") unless value == required
  end

  def check_iat_window(payload, profile, now)
    return if profile.iat_window.nil? || !payload.key?('iat')

    iat = payload['iat'] # a Numeric: ruby-jwt's verify_iat has accepted it
    max_age, max_future = profile.iat_window
    raise Reject.new('issued-at-out-of-window', "iat #{iat} is more than #{max_age} s before now (#{now})") unless now - max_age <= iat
    raise Reject.new('issued-at-out-of-window', "iat #{iat} is more than #{max_future} s after now (#{now})") unless iat <= now + max_future
  end

  # --- the pipeline ------------------------------------------------------------------------------

  # Verify `token`; return the identity or raise Reject. Phases, so that the earliest stage's reason
  # is reported:
  #   1. ruby-jwt reads the token without verifying (structure: base64url, JSON);
  #   2. the adapter's header rules and key selection (defects kept for later);
  #   3. ruby-jwt verifies structure, alg and HMAC, every claim check off (a library structure or
  #      alg defect wins over the adapter's header and key defects, which win over bad-signature);
  #   4. identity and scope (adapter);
  #   5. ruby-jwt's required claims (Kustomer iat);
  #   6. ruby-jwt's verify_iat (Kustomer): a non-Numeric iat is invalid-claim-type now; a future
  #      iat is issued-at-out-of-window, reported after exp and nbf (time stage);
  #   7. ruby-jwt's exp and nbf at `now`;
  #   8. the Kustomer iat window (adapter).
  def verify_token(profile, token, keys, now)
    with_clock(now) { verify_token_at(profile, token, keys, now) }
  end

  def verify_token_at(profile, token, keys, now)
    begin
      _, header = JWT.decode(token, nil, false)
    rescue JWT::DecodeError => e
      raise structure_rejection(e)
    end
    # A header that is not an object: the adapter's rules cannot read it, but ruby-jwt is still
    # given the token (it indexes the header with ['alg'] itself: not papered over); whatever it
    # does not refuse earlier is then refused as malformed.
    object_header = header.is_a?(Hash)
    defect = object_header ? header_defect(header, profile) : nil
    key, key_defect = resolve_key(object_header ? header : {}, keys, profile)
    begin
      payload, = JWT.decode(token, key || PLACEHOLDER_SECRET, true, options(profile))
    rescue JWT::DecodeError => e
      rejection = structure_rejection(e)
      raise rejection if rejection.stage <= HEADER_STAGE

      raise Reject.new('malformed', "the header is #{json_type(header)}, not a JSON object") unless object_header

      raise defect || key_defect || rejection
    end
    raise Reject.new('malformed', "the header is #{json_type(header)}, not a JSON object") unless object_header
    raise defect || key_defect if defect || key_defect
    raise Reject.new('malformed', "the payload is #{json_type(payload)}, not a JSON object") unless payload.is_a?(Hash)

    identity = resolve_identity(payload, profile)
    check_scope(payload, profile)
    if profile.iat_required
      begin
        JWT.decode(token, key, true, options(profile, required_claims: ['iat']))
      rescue JWT::MissingRequiredClaim => e
        raise Reject.new('missing-claim', "#{e.class}: #{e.message}")
      end
    end
    future_iat = nil
    if profile.iat_window
      begin
        JWT.decode(token, key, true, options(profile, verify_iat: true))
      rescue JWT::InvalidIatError => e
        iat = payload['iat']
        raise Reject.new('invalid-claim-type', "#{e.class}: #{e.message} (iat is #{json_type(iat)})") unless iat.is_a?(Numeric)

        future_iat = Reject.new('issued-at-out-of-window', "#{e.class}: #{e.message} (iat #{iat} is after now #{now})")
      end
    end
    begin
      JWT.decode(token, key, true, options(profile, verify_expiration: true, verify_not_before: true))
    rescue JWT::ExpiredSignature => e
      raise Reject.new('expired', "#{e.class}: #{e.message}")
    rescue JWT::ImmatureSignature => e
      raise Reject.new('not-yet-valid', "#{e.class}: #{e.message}")
    end
    raise future_iat if future_iat

    check_iat_window(payload, profile, now)
    identity
  end

  def signing_input(profile, key, subject, now, lifetime)
    header = { 'typ' => profile.typ }
    if profile.kid_required
      raise RequestError, "profile #{profile.name} requires a key id (kid) and the key has none" if key.kid.nil?

      header['kid'] = key.kid
    end
    claims = {}
    profile.identity_claims.each do |claim, kind|
      value = subject[kind]
      next if value.nil?
      raise RequestError, "subject.#{kind} must be a string or null" unless value.is_a?(String)
      raise RequestError, "the subject's identifier for claim #{claim.inspect} is empty" if value.empty?

      claims[claim] = value
    end
    raise RequestError, "the subject has no identifier that profile #{profile.name} has a claim for" if claims.empty?

    claims[profile.scope[0]] = profile.scope[1] if profile.scope
    claims['iat'] = now
    unless lifetime.nil?
      raise RequestError, "lifetime #{lifetime} must be positive" unless lifetime.positive?

      claims['exp'] = now + lifetime
    end
    [header, claims]
  end

  # --- requests ----------------------------------------------------------------------------------

  def integer(request, name, required: true)
    value = request[name]
    if value.nil?
      raise RequestError, "the request has no #{name.inspect} (a testee never reads the wall clock)" if required

      return nil
    end
    raise RequestError, "#{name.inspect} must be an integer" unless value.is_a?(Integer)

    value
  end

  def profile_of(request)
    name = request['profile']
    raise RequestError, 'the request has no profile' unless name.is_a?(String)
    raise Skip, "profile #{name.inspect} is not implemented by this testee" unless PROFILES.key?(name)

    PROFILES[name]
  end

  def key_of(value, where)
    raise RequestError, "#{where} must be an object" unless value.is_a?(Hash)

    kid = value['kid']
    secret = value['secret']
    raise RequestError, "#{where}.kid must be a string or null" unless kid.nil? || kid.is_a?(String)
    raise RequestError, "#{where}.secret must be a string" unless secret.is_a?(String)
    raise RequestError, "#{where}.secret is not valid Unicode text" unless secret.valid_encoding?

    Key.new(kid, secret)
  end

  # Serves protocol version 1.
  class Testee
    def initialize
      @problem = RubyJwtTestee.startup_problem
      RubyJwtTestee.log("ruby-jwt: #{@problem}") if @problem
    end

    def handle(request)
      raise RequestError, 'a request must be a JSON object' unless request.is_a?(Hash)

      case request['op']
      when 'hello' then hello(request)
      when 'verify' then verify(request)
      when 'sign' then sign(request)
      else raise Skip, "unknown op #{request['op'].inspect}"
      end
    end

    def hello(request)
      protocol = request['protocol']
      unless protocol.is_a?(Integer) && protocol >= PROTOCOL_VERSION
        return { 'ok' => false, 'protocol' => PROTOCOL_VERSION,
                 'message' => "protocol #{protocol.inspect} is not supported (only #{PROTOCOL_VERSION})" }
      end
      {
        'ok' => true, 'protocol' => PROTOCOL_VERSION,
        'implementation' => { 'name' => 'ruby-jwt', 'version' => JWT::VERSION::STRING, 'language' => 'Ruby' },
        'roles' => %w[verifier signer], 'profiles' => PROFILES.keys.sort
      }
    end

    def verify(request)
      profile = RubyJwtTestee.profile_of(request)
      token = request['token']
      raise RequestError, "'token' must be a string" unless token.is_a?(String)

      raw_keys = request['keys']
      raise RequestError, "'keys' must be an array" unless raw_keys.is_a?(Array)

      keys = raw_keys.each_with_index.map { |value, index| RubyJwtTestee.key_of(value, "keys[#{index}]") }
      now = RubyJwtTestee.integer(request, 'now')
      raise RequestError, @problem if @problem

      begin
        identity = RubyJwtTestee.verify_token(profile, token, keys, now)
      rescue Reject => e
        return { 'id' => request['id'], 'result' => 'reject', 'reason' => e.reason, 'message' => e.message }
      end
      { 'id' => request['id'], 'result' => 'accept', 'identity' => identity }
    end

    def sign(request)
      profile = RubyJwtTestee.profile_of(request)
      key = RubyJwtTestee.key_of(request['key'], 'key')
      subject = request['subject'] || {}
      raise RequestError, "'subject' must be an object" unless subject.is_a?(Hash)

      now = RubyJwtTestee.integer(request, 'now')
      lifetime = RubyJwtTestee.integer(request, 'lifetime', required: false)
      header, claims = RubyJwtTestee.signing_input(profile, key, subject, now, lifetime)
      begin
        token = JWT.encode(claims, key.secret, profile.algorithms.first, header)
      rescue JWT::EncodeError, JWT::DecodeError => e
        raise RequestError, "ruby-jwt cannot sign: #{e.class}: #{e.message}"
      end
      { 'id' => request['id'], 'token' => token }
    end
  end

  def request_id(request)
    return nil unless request.is_a?(Hash)

    value = request['id']
    [String, Integer, Float, TrueClass, FalseClass].any? { |type| value.is_a?(type) } ? value : nil
  end

  def scrub(value)
    case value
    when String then value.dup.force_encoding(Encoding::UTF_8).scrub("\uFFFD")
    when Hash then value.to_h { |k, v| [scrub(k), scrub(v)] }
    when Array then value.map { |v| scrub(v) }
    else value
    end
  end

  def write(response)
    line = JSON.generate(response, ascii_only: true)
    PROTOCOL_OUT.write(line, "\n")
    PROTOCOL_OUT.flush
  end

  def serve(input = $stdin)
    input.binmode
    testee = nil
    setup_error = nil
    begin
      testee = Testee.new
    rescue StandardError => e
      setup_error = "testee setup failed: #{e.class}: #{e.message}"
      log(setup_error)
    end
    input.each_line do |raw|
      next if raw.strip.empty?

      request = nil
      begin
        begin
          request = JSON.parse(raw.dup.force_encoding(Encoding::UTF_8))
        rescue JSON::ParserError, EncodingError => e
          raise RequestError, "the request line is not JSON: #{e.message}"
        end
        raise RequestError, setup_error if testee.nil?

        response = testee.handle(request)
      rescue Skip => e
        response = { 'id' => request_id(request), 'result' => 'skip', 'message' => e.message }
      rescue RequestError => e
        response = { 'id' => request_id(request), 'result' => 'error', 'message' => e.message }
      rescue StandardError, SystemStackError, NoMemoryError, ScriptError => e # never die on one request
        log("request #{request_id(request).inspect} raised #{e.class}: #{e.message}")
        log((e.backtrace || []).first(8).join("\n"))
        response = { 'id' => request_id(request), 'result' => 'error', 'message' => "unexpected #{e.class}: #{e.message}" }
      end
      begin
        write(scrub(response))
      rescue Errno::EPIPE
        return 0
      rescue StandardError => e # a response that cannot be written as JSON
        write({ 'id' => scrub(request_id(request)), 'result' => 'error', 'message' => "unserialisable response: #{e.class}" })
      end
    end
    0
  end
end

exit(RubyJwtTestee.serve) if $PROGRAM_NAME == __FILE__
