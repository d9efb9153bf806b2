#!/usr/bin/env ruby
# frozen_string_literal: true

# jwt-conformance testee for Ruby's `json-jwt` gem (https://github.com/nov/json-jwt), protocol
# version 1, roles verifier and signer, profiles kustomer and sunshine.
#
# Run: ruby Adapters/ruby/json_jwt_testee.rb   (requests on stdin, responses on stdout)
# Installed from Debian packages (`apt-get install ruby ruby-json-jwt`; bookworm: json-jwt 1.14.0,
# with ActiveSupport 6.1).
#
# What json-jwt does here (its own code, its own deviations):
#   * compact-JWS parsing, base64url (Base64.urlsafe_decode64) and JSON decoding (JSON.parse, then
#     `with_indifferent_access`): `JSON::JWT.decode(token, :skip_verification)` to read the header,
#     `JSON::JWT.decode(token, secret, [:HS256])` to verify (JSON::JWS.decode_compact_serialized);
#   * the `alg` allow-list: the algorithms argument [:HS256] (JSON::JWS#verify!; alg "none" with a
#     key is UnexpectedAlgorithm too);
#   * HMAC-SHA-256 with the secret's UTF-8 bytes (the String is the HMAC key as is) and the
#     comparison (ActiveSupport::SecurityUtils.fixed_length_secure_compare);
#   * signing: `JSON::JWT.new(claims)` (header typ "JWT"), `kid` for Sunshine, `sign(secret, :HS256)`.
#
# What this adapter adds, with the rules of testee_common.rb (typ, Sunshine kid, key selection by
# kid, identity claims, Sunshine scope, Kustomer's required iat and its window):
#   * the time checks: json-jwt validates no claim at all (it has no exp, nbf or iat check and no
#     clock; decoding builds a JSON::JWS, whose initialize leaves the claims as JSON.parse gave them),
#     so the adapter checks, on those values, that exp and nbf are numbers when present, exp > now
#     (expired at exp, RFC 7519 §4.1.4), nbf <= now, and Kustomer's iat a number inside the window;
#   * the reasons in stage order, by calling json-jwt in two phases (see `verify_token`).
#
# How `now` is injected: json-jwt never reads the time (no Time.now in its source), so there is
# nothing to inject; the request's `now` is the time of the adapter's checks above. The adapter's
# tests prove it: a token valid at one `now` is expired at another.
#
# json-jwt errors are mapped to reasons: InvalidFormat (segments, base64, JSON) -> malformed,
# UnexpectedAlgorithm -> algorithm-not-allowed, VerificationFailed -> bad-signature. Any other
# exception (json-jwt's NoMethodError on a header or payload that is not a JSON object, say) is
# answered `error` (testee_common.rb).

require 'json/jwt'
require_relative 'testee_common'

module JsonJwtTestee
  include TesteeCommon
  extend TesteeCommon

  module_function

  # json-jwt's errors while parsing the token or checking its alg and signature.
  def structure_rejection(error)
    case error
    when JSON::JWT::UnexpectedAlgorithm then Reject.new('algorithm-not-allowed', "#{error.class}: #{error.message}")
    when JSON::JWT::VerificationFailed then Reject.new('bad-signature', "#{error.class}: #{error.message}")
    when JSON::JWT::InvalidFormat then Reject.new('malformed', "#{error.class}: #{error.message}")
    end
  end

  JSON_JWT_ERRORS = [JSON::JWT::InvalidFormat, JSON::JWT::VerificationFailed].freeze

  # A NumericDate claim as json-jwt parsed it (JSON.parse): a JSON number is a Numeric.
  def numeric_date(payload, claim)
    value = payload[claim]
    raise Reject.new('invalid-claim-type', "#{claim} is #{json_type(value)}, not a NumericDate") unless value.is_a?(Numeric)

    value
  end

  def check_times(payload, profile, now)
    if payload.key?('exp')
      exp = numeric_date(payload, 'exp')
      raise Reject.new('expired', "exp #{exp} is not after now (#{now})") unless now < exp
    end
    if payload.key?('nbf')
      nbf = numeric_date(payload, 'nbf')
      raise Reject.new('not-yet-valid', "nbf #{nbf} is after now (#{now})") unless nbf <= now
    end
    return if profile.iat_window.nil? || !payload.key?('iat')

    numeric_date(payload, 'iat')
    check_iat_window(payload, profile, now)
  end

  # Verify `token`; return the identity or raise Reject. Phases, so that the earliest stage's reason
  # is reported:
  #   1. json-jwt reads the token without verifying (structure: segments, base64url, JSON);
  #   2. the adapter's header rules and key selection (defects kept for later);
  #   3. json-jwt verifies structure, alg and HMAC (a structure or alg defect wins over the adapter's
  #      header and key defects, which win over bad-signature);
  #   4. identity, scope and Kustomer's required iat (adapter);
  #   5. exp, nbf and the Kustomer iat window at `now` (adapter, on json-jwt's values).
  def verify_token(profile, token, keys, now)
    begin
      header = JSON::JWT.decode(token, :skip_verification).header
    rescue *JSON_JWT_ERRORS => e
      raise structure_rejection(e)
    end
    defect = header_defect(header, profile)
    key, key_defect = select_key(header, keys, profile)
    begin
      payload = JSON::JWT.decode(token, key ? key.secret : PLACEHOLDER_SECRET, profile.algorithms.map(&:to_sym))
    rescue *JSON_JWT_ERRORS => e
      rejection = structure_rejection(e)
      raise rejection if rejection.stage <= HEADER_STAGE

      raise defect || key_defect || rejection
    end
    raise defect || key_defect if defect || key_defect

    identity = resolve_identity(payload, profile)
    check_scope(payload, profile)
    raise Reject.new('missing-claim', "the payload has no 'iat' claim") if profile.iat_required && !payload.key?('iat')
    check_exp_required(payload, profile)

    check_times(payload, profile, now)
    identity
  end

  # The library testee_common.rb serves.
  class Library
    def implementation
      ['json-jwt', Gem.loaded_specs['json-jwt']&.version&.to_s || 'unknown']
    end

    # json-jwt reads no clock: nothing to inject, nothing to self-test.
    def startup_problem
      nil
    end

    def verify_token(profile, token, keys, now)
      JsonJwtTestee.verify_token(profile, token, keys, now)
    end

    def sign(header, claims, key)
      jwt = JSON::JWT.new(claims)
      # json-jwt writes typ "JWT" when it is given none: a profile without typ cannot be signed.
      raise TesteeCommon::RequestError, 'json-jwt always writes a typ, and the profile wants none' unless header.key?('typ')

      jwt.typ = header['typ']
      jwt.kid = header['kid'] if header.key?('kid')
      jwt.sign(key.secret, :HS256).to_s
    rescue JSON::JWT::Exception => e
      raise TesteeCommon::RequestError, "json-jwt cannot sign: #{e.class}: #{e.message}"
    end
  end
end

exit(TesteeCommon.serve(JsonJwtTestee::Library)) if $PROGRAM_NAME == __FILE__
