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
# What this adapter adds (ruby-jwt cannot be configured to enforce these), with the rules of
# testee_common.rb (typ, Sunshine kid, identity claims, Sunshine scope, the Kustomer iat window on
# the Numeric ruby-jwt parsed):
#   * Sunshine: key selection by `kid`, with NO fallback to another key (an unknown or missing kid
#     is `unknown-key`; the token is then still run through the library with a placeholder key so
#     that earlier-stage defects are reported first);
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
# exception that is not one of ruby-jwt's error classes is answered `error` (testee_common.rb).

require 'openssl'
require 'jwt'
require_relative 'testee_common'

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
  include TesteeCommon
  extend TesteeCommon

  module_function

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
    check_exp_required(payload, profile)
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

  # The library testee_common.rb serves.
  class Library
    def implementation
      ['ruby-jwt', JWT::VERSION::STRING]
    end

    def startup_problem
      RubyJwtTestee.startup_problem
    end

    def verify_token(profile, token, keys, now)
      RubyJwtTestee.verify_token(profile, token, keys, now)
    end

    def sign(header, claims, key)
      JWT.encode(claims, key.secret, 'HS256', header)
    rescue JWT::EncodeError, JWT::DecodeError => e
      raise TesteeCommon::RequestError, "ruby-jwt cannot sign: #{e.class}: #{e.message}"
    end
  end
end

exit(TesteeCommon.serve(RubyJwtTestee::Library)) if $PROGRAM_NAME == __FILE__
