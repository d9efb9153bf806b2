# frozen_string_literal: true

# What the Ruby testees of jwt-conformance (protocol version 1, PROTOCOL.md) share: the protocol
# (the read loop, JSON in and out, `hello`, the error and skip answers), the vendor profiles, read
# from the data files Vectors/profiles/*.json (`load_profiles`; the folder may be named by
# $JWT_CONFORMANCE_PROFILES), and the rules no Ruby JWT library can be configured to enforce, as
# Adapters/python/testee_common.py has them for the Python testees. Each comes from the profile's
# data (Kustomer and Sunshine as examples):
#   * header `typ`: when present it must be the profile's `typ` ("JWT"; ASCII case-insensitive,
#     "application/" implied, RFC 7515 §4.1.9); absent is refused only when `typRequired`;
#   * `keyIdRequired` (Sunshine): the header must carry `kid`, a string;
#   * key selection by `kid` (when required: no fallback to another key; when not required, `kid`
#     is ignored and the first key is used);
#   * identity claims: the profile's claims in precedence order (Kustomer `email` then
#     `externalId`, Sunshine `external_id`); each present one must be a non-empty JSON string of
#     Unicode text (valid UTF-8), the first present one wins, and at least one must be present;
#   * the `scope` rule (Sunshine `scope` must be the JSON string "user");
#   * `expiration.required`: a token without `exp` is refused (missing-claim);
#   * the `issuedAt` window (Kustomer: now - 900 <= iat <= now + 900, both ends inclusive);
#   * the header and claims of a signing request.
#
# A testee file defines a library class (its objects answer `implementation`, `startup_problem`,
# `verify_token(profile, token, keys, now)` and `sign(header, claims, key)`) and calls
# `TesteeCommon.serve(library_class)`. stdout carries protocol lines only ($stdout is pointed at
# stderr); diagnostics go to stderr. Any exception that is not a Reject, RequestError or Skip is
# answered `error` with the exception in `message`, and the process keeps serving.

require 'json'

PROTOCOL_VERSION = 1
PROTOCOL_OUT = $stdout
PROTOCOL_OUT.binmode
PROTOCOL_OUT.sync = true
$stdout = $stderr # nothing but protocol lines may reach the real stdout

module TesteeCommon
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
      raise ArgumentError, "not a rejection reason: #{reason.inspect}" unless reason.nil? || STAGES.key?(reason)

      @reason = reason
      super(message || reason)
    end

    def stage
      STAGES.fetch(reason, 99)
    end
  end

  # The request cannot be served: answered `result: error`.
  class RequestError < StandardError; end
  # The request is outside what this testee does: answered `result: skip`.
  class Skip < StandardError; end

  Profile = Struct.new(:name, :algorithms, :typ, :typ_required, :kid_required, :identity_claims, :scope,
                       :iat_required, :iat_window, :exp_required, keyword_init: true)
  Key = Struct.new(:kid, :secret)

  # The environment variable naming the folder of profile files (default: the repository's
  # Vectors/profiles, found from this file's place).
  PROFILES_ENV = 'JWT_CONFORMANCE_PROFILES'

  # Every member of a profile file (Vectors/schema/profile.schema.json) this loader knows. A file
  # with any other member is not loaded: the adapter cannot honour a rule it does not know.
  KNOWN_MEMBERS = {
    '' => %w[$schema id title sources algorithms header identityClaims scope issuedAt expiration notBefore name idPrefix session],
    'header' => %w[typ typRequired keyIdRequired understoodCriticalParameters],
    'identityClaims[]' => %w[claim kind],
    'scope' => %w[claim value],
    'issuedAt' => %w[required maximumAge maximumFutureSkew],
    'expiration' => %w[honoured required],
    'notBefore' => %w[honoured]
  }.freeze

  # A profile file this adapter cannot honour; the message names the file and the member.
  class ProfileError < StandardError; end

  # The profile a profile file's JSON holds. Raises ProfileError for a member this loader does not
  # know, a value of the wrong type, or a rule the adapters leave to their library in a form no
  # library here is configured for (Adapters/README.md, "Profiles").
  def self.profile_from_json(document, where)
    fail_on = ->(member, problem) { raise ProfileError, "#{where}: member #{member.inspect} #{problem}" }
    obj = lambda do |value, member, known, required|
      fail_on.call(member, 'must be an object') unless value.is_a?(Hash)
      path = ->(name) { member.empty? ? name : "#{member}.#{name}" }
      value.each_key { |name| fail_on.call(path.call(name), 'is not known to this adapter, which cannot honour it') unless KNOWN_MEMBERS[known].include?(name) }
      required.each { |name| fail_on.call(path.call(name), 'is missing') unless value.key?(name) }
      value
    end
    string = ->(value, member) { value.is_a?(String) ? value : fail_on.call(member, 'must be a string') }
    boolean = ->(value, member) { [true, false].include?(value) ? value : fail_on.call(member, 'must be a boolean') }

    top = obj.call(document, '', '', %w[id title sources algorithms header identityClaims expiration notBefore])
    name = string.call(top['id'], 'id')
    fail_on.call('id', 'must not be empty') if name.empty?
    algorithms = top['algorithms']
    fail_on.call('algorithms', 'must be an array of strings') unless algorithms.is_a?(Array) && algorithms.all?(String)
    unless algorithms == ['HS256']
      fail_on.call('algorithms', "is #{algorithms.inspect}: the adapters restrict their library to HS256 and support exactly [\"HS256\"]")
    end
    header = obj.call(top['header'], 'header', 'header', %w[typRequired keyIdRequired understoodCriticalParameters])
    typ = header['typ']
    string.call(typ, 'header.typ') unless typ.nil?
    critical = header['understoodCriticalParameters']
    fail_on.call('header.understoodCriticalParameters', 'must be an array of strings') unless critical.is_a?(Array) && critical.all?(String)
    unless critical.empty?
      fail_on.call('header.understoodCriticalParameters', "is #{critical.inspect}: crit is the library's check, and no library here is told of understood extensions")
    end
    claims = top['identityClaims']
    fail_on.call('identityClaims', 'must be an array') unless claims.is_a?(Array)
    identity_claims = claims.each_with_index.map do |rule, index|
      member = "identityClaims[#{index}]"
      obj.call(rule, member, 'identityClaims[]', %w[claim kind])
      kind = string.call(rule['kind'], "#{member}.kind")
      fail_on.call("#{member}.kind", "is #{kind.inspect}, not \"email\" or \"externalId\"") unless %w[email externalId].include?(kind)
      [string.call(rule['claim'], "#{member}.claim"), kind].freeze
    end
    scope = top['scope']
    unless scope.nil?
      obj.call(scope, 'scope', 'scope', %w[claim value])
      scope = [string.call(scope['claim'], 'scope.claim'), string.call(scope['value'], 'scope.value')].freeze
    end
    issued_at = top['issuedAt']
    iat_required = false
    iat_window = nil
    unless issued_at.nil?
      obj.call(issued_at, 'issuedAt', 'issuedAt', %w[required maximumAge maximumFutureSkew])
      iat_required = boolean.call(issued_at['required'], 'issuedAt.required')
      %w[maximumAge maximumFutureSkew].each do |bound|
        value = issued_at[bound]
        fail_on.call("issuedAt.#{bound}", 'must be a 64-bit integer') unless value.is_a?(Integer) && value.between?(-2**63, 2**63 - 1)
      end
      iat_window = [issued_at['maximumAge'], issued_at['maximumFutureSkew']].freeze
    end
    expiration = obj.call(top['expiration'], 'expiration', 'expiration', %w[honoured required])
    unless boolean.call(expiration['honoured'], 'expiration.honoured')
      fail_on.call('expiration.honoured', "is false: exp is the library's check, which no library here can switch off")
    end
    not_before = obj.call(top['notBefore'], 'notBefore', 'notBefore', %w[honoured])
    unless boolean.call(not_before['honoured'], 'notBefore.honoured')
      fail_on.call('notBefore.honoured', "is false: nbf is the library's check, which no library here can switch off")
    end
    Profile.new(
      name: name, algorithms: algorithms.dup.freeze, typ: typ,
      typ_required: boolean.call(header['typRequired'], 'header.typRequired'),
      kid_required: boolean.call(header['keyIdRequired'], 'header.keyIdRequired'),
      identity_claims: identity_claims.freeze, scope: scope, iat_required: iat_required, iat_window: iat_window,
      exp_required: boolean.call(expiration['required'], 'expiration.required')
    ).freeze
  end

  # $JWT_CONFORMANCE_PROFILES, or the repository's Vectors/profiles.
  def self.profiles_folder
    folder = ENV.fetch(PROFILES_ENV, '')
    folder.empty? ? File.expand_path('../../Vectors/profiles', __dir__) : folder
  end

  # Every profile file folder/*.json this adapter can honour, by id. A file it cannot (an unknown
  # member, a wrong type, a rule outside what the adapters support) is left out, with a note on
  # stderr naming the file and the member; it is never guessed at.
  def self.load_profiles(folder = profiles_folder)
    profiles = {}
    unless File.directory?(folder)
      log("profiles: cannot read the folder #{folder}; no profile is declared")
      return profiles
    end
    Dir.children(folder).select { |name| name.end_with?('.json') }.sort.each do |name|
      path = File.join(folder, name)
      begin
        profile = profile_from_json(JSON.parse(File.read(path, encoding: 'UTF-8')), path)
      rescue ProfileError => e
        log("profiles: #{e.message}; the profile is not declared")
        next
      rescue SystemCallError, JSON::ParserError, EncodingError => e
        log("profiles: #{path} is not read: #{e.message}; the profile is not declared")
        next
      end
      if profiles.key?(profile.name)
        log("profiles: #{path} repeats the id #{profile.name.inspect}; it is not declared")
        next
      end
      profiles[profile.name] = profile
    end
    profiles
  end

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

  # --- adapter rules -----------------------------------------------------------------------------

  # Compared as bytes: a `typ` decoded from a lone-surrogate escape is not valid UTF-8, and Ruby's
  # String#tr raises ArgumentError on it.
  def same_media_type?(value, expected)
    normalize = ->(text) { (text.include?('/') ? text.b : "application/#{text}".b).tr('A-Z', 'a-z') }
    normalize.call(value) == normalize.call(expected)
  end

  def header_defect(header, profile)
    if profile.typ && profile.typ_required && !header.key?('typ')
      return Reject.new('invalid-header', "the header has no typ (expected #{profile.typ.inspect})")
    end
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

  # Returns [Key or nil, Reject or nil]. When the profile requires kid, the key whose kid is the
  # header's string kid, and no other. Otherwise the token does not name its key: kid is ignored
  # and the key set's first key is used (AMB-IC-KEYS: the first, current secret is required).
  def select_key(header, keys, profile)
    return [nil, Reject.new('unknown-key', 'the key set is empty')] if keys.empty?
    return [keys.first, nil] unless profile.kid_required

    kid = header['kid']
    return [nil, Reject.new('unknown-key', 'no key can be selected without a string kid')] unless kid.is_a?(String)

    key = keys.find { |candidate| !candidate.kid.nil? && candidate.kid == kid }
    return [nil, Reject.new('unknown-key', "no key has kid #{kid.inspect}")] if key.nil?

    [key, nil]
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

  # The Kustomer iat window, on `iat` as the library read it (a Numeric).
  def check_iat_window(payload, profile, now)
    return if profile.iat_window.nil? || !payload.key?('iat')

    iat = payload['iat']
    max_age, max_future = profile.iat_window
    raise Reject.new('issued-at-out-of-window', "iat #{iat} is more than #{max_age} s before now (#{now})") unless now - max_age <= iat
    raise Reject.new('issued-at-out-of-window', "iat #{iat} is more than #{max_future} s after now (#{now})") unless iat <= now + max_future
  end

  def signing_input(profile, key, subject, now, lifetime)
    header = {}
    header['typ'] = profile.typ if profile.typ
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

  def profile_of(request, profiles)
    name = request['profile']
    raise RequestError, 'the request has no profile' unless name.is_a?(String)
    raise Skip, "profile #{name.inspect} is not implemented by this testee" unless profiles.key?(name)

    profiles[name]
  end

  # A required `exp` (expiration.required): a claims-stage check, before the library's time checks.
  def check_exp_required(payload, profile)
    raise Reject.new('missing-claim', "the payload has no 'exp' claim") if profile.exp_required && !payload.key?('exp')
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

  # Serves protocol version 1 for one library.
  class Testee
    def initialize(library)
      @library = library
      @profiles = TesteeCommon.load_profiles
      @problem = library.startup_problem
      TesteeCommon.log("#{library.implementation[0]}: #{@problem}") if @problem
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
      name, version = @library.implementation
      {
        'ok' => true, 'protocol' => PROTOCOL_VERSION,
        'implementation' => { 'name' => name, 'version' => version, 'language' => 'Ruby' },
        'roles' => %w[verifier signer], 'profiles' => @profiles.keys.sort
      }
    end

    def verify(request)
      profile = TesteeCommon.profile_of(request, @profiles)
      token = request['token']
      raise RequestError, "'token' must be a string" unless token.is_a?(String)

      raw_keys = request['keys']
      raise RequestError, "'keys' must be an array" unless raw_keys.is_a?(Array)

      keys = raw_keys.each_with_index.map { |value, index| TesteeCommon.key_of(value, "keys[#{index}]") }
      now = TesteeCommon.integer(request, 'now')
      raise RequestError, @problem if @problem

      begin
        identity = @library.verify_token(profile, token, keys, now)
      rescue Reject => e
        response = { 'id' => request['id'], 'result' => 'reject', 'message' => e.message }
        response['reason'] = e.reason if e.reason
        return response
      end
      { 'id' => request['id'], 'result' => 'accept', 'identity' => identity }
    end

    def sign(request)
      profile = TesteeCommon.profile_of(request, @profiles)
      key = TesteeCommon.key_of(request['key'], 'key')
      subject = request['subject'] || {}
      raise RequestError, "'subject' must be an object" unless subject.is_a?(Hash)

      now = TesteeCommon.integer(request, 'now')
      lifetime = TesteeCommon.integer(request, 'lifetime', required: false)
      header, claims = TesteeCommon.signing_input(profile, key, subject, now, lifetime)
      { 'id' => request['id'], 'token' => @library.sign(header, claims, key) }
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

  def serve(library_class, input = $stdin)
    input.binmode
    testee = nil
    setup_error = nil
    begin
      testee = Testee.new(library_class.new)
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
