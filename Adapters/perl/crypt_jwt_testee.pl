#!/usr/bin/perl
# jwt-conformance testee (protocol version 1, PROTOCOL.md) for Perl's Crypt::JWT, as Debian packages
# it (libcrypt-jwt-perl).
#
#   perl Adapters/perl/crypt_jwt_testee.pl   (requests on stdin, responses on stdout)
#
# What Crypt::JWT does here (its own code, its own deviations), through decode_jwt:
#   * token parsing (its token regexes, base64url via Crypt::Misc decode_b64u, JSON via JSON's
#     decode_json), `alg` allow-list `accepted_alg => ['HS256']`, HMAC-SHA-256 with `key` = the
#     secret's UTF-8 bytes (any length); decode_payload => 1 (a payload that is not JSON is fatal);
#   * exp and nbf against the injected time (below), leeway 0 (its default).
# It is called twice, for stage order: first with ignore_claims => 1 (structure, alg, signature),
# then, after the adapter's identity rules, with its claim checks.
#
# What this adapter adds, as Adapters/python/testee_common.py does for the Python testees (the
# profiles are the same data): typ "JWT" when present; Sunshine kid present and a string; key
# selection by kid; identity claims (JSON strings, non-empty, Kustomer email before externalId);
# Sunshine scope "user"; Kustomer's required iat and its +-900 s window (Crypt::JWT checks iat only
# when asked, and then refuses any iat after now; by default it does not read iat, so the profile's
# window is the adapter's, on iat read as the profile says: a JSON number).
#
# How `now` is injected: Crypt::JWT reads the time with Perl's builtin `time` (in _verify_claims),
# with no parameter for it. Perl lets a program replace that builtin for code compiled afterwards:
# CORE::GLOBAL::time is set below, before Crypt::JWT is loaded, to return the request's now (and to
# die outside a request). A start-up self-test (a token with exp 1001 valid at 1000 and not at 1001)
# answers every verify with error if the replacement does not take effect.
#
# Crypt::JWT reports every refusal with croak and a message; the reasons are mapped from those
# messages only where certain (an exp or nbf refusal only when the claim is a JSON number: Crypt::JWT
# compares any value as a Perl number), otherwise the rejection has no reason.
use strict;
use warnings;

our $NOW;
BEGIN {
  *CORE::GLOBAL::time = sub () {
    die "Crypt::JWT asked for the time outside a request: no now injected\n" unless defined $NOW;
    return $NOW;
  };
}

use B ();
use Encode ();
use JSON::PP ();
use Crypt::JWT qw(decode_jwt encode_jwt);

$| = 1;
binmode STDOUT;
binmode STDERR, ':encoding(UTF-8)';

my %STAGE = (
  'malformed' => 1, 'algorithm-not-allowed' => 2, 'invalid-header' => 2, 'unknown-key' => 3,
  'bad-signature' => 4, 'missing-claim' => 5, 'invalid-claim-type' => 5, 'invalid-claim-value' => 5,
  'expired' => 6, 'not-yet-valid' => 6, 'issued-at-out-of-window' => 6,
);

my %PROFILES = (
  kustomer => { typ => 'JWT', kid_required => 0, identity => [[email => 'email'], [externalId => 'externalId']],
                scope => undef, iat_required => 1, iat_window => 900 },
  sunshine => { typ => 'JWT', kid_required => 1, identity => [[external_id => 'externalId']],
                scope => 'user', iat_required => 0, iat_window => undef },
);

# Crypt::JWT's croak messages (Crypt/JWT.pm decode_jwt, _decode_jws, _payload_dec, _verify_claims).
my @MESSAGES = (
  [qr/^JWT: (invalid token format|missing token|payload not a valid JSON)/ => 'malformed'],
  [qr/^JWS: invalid (header|payload) part/ => 'malformed'],
  [qr/^JWS: (missing header 'alg'|alg 'none' not allowed|alg .* not in accepted_alg)/ => 'algorithm-not-allowed'],
  [qr/^JWS: invalid signature/ => 'bad-signature'],
  [qr/^JWT: exp claim check failed/ => 'expired'],
  [qr/^JWT: nbf claim check failed/ => 'not-yet-valid'],
);

my $JSON_OUT = JSON::PP->new->ascii->canonical;
my $JSON_IN = JSON::PP->new->utf8->allow_nonref(0);

sub reason_of {
  my ($message) = @_;
  for my $pair (@MESSAGES) {
    return $pair->[1] if $message =~ $pair->[0];
  }
  return undef;
}

sub rejection { my ($reason, $message) = @_; return { reason => $reason, message => $message }; }

sub stage_of { my ($r) = @_; return defined $r->{reason} ? $STAGE{$r->{reason}} : 99; }

sub is_json_string {
  my ($value) = @_;
  return 0 if !defined $value || ref $value;
  my $flags = B::svref_2object(\$value)->FLAGS;
  return ($flags & B::SVf_POK) && !($flags & (B::SVf_IOK | B::SVf_NOK)) ? 1 : 0;
}

sub is_json_number {
  my ($value) = @_;
  return 0 if !defined $value || ref $value;
  my $flags = B::svref_2object(\$value)->FLAGS;
  return ($flags & (B::SVf_IOK | B::SVf_NOK)) && !($flags & B::SVf_POK) ? 1 : 0;
}

sub same_media_type {
  my ($value, $expected) = @_;
  my $normalize = sub { my $t = shift; $t = "application/$t" unless $t =~ m{/}; $t =~ tr/A-Z/a-z/; return $t; };
  return $normalize->($value) eq $normalize->($expected);
}

sub check_header {
  my ($header, $p) = @_;
  if (defined $p->{typ} && exists $header->{typ}) {
    my $typ = $header->{typ};
    return rejection('invalid-header', 'typ is not a string') unless is_json_string($typ);
    return rejection('invalid-header', "typ '$typ' is not '$p->{typ}'") unless same_media_type($typ, $p->{typ});
  }
  if ($p->{kid_required}) {
    return rejection('invalid-header', 'Missing key id (kid)') unless exists $header->{kid};
    return rejection('invalid-header', 'kid is not a string') unless is_json_string($header->{kid});
  }
  return undef;
}

sub select_key {
  my ($header, $keys, $p) = @_;
  return (undef, rejection('unknown-key', 'the key set is empty')) unless @$keys;
  my $kid = $header->{kid};
  my $is_string = is_json_string($kid);
  if ($is_string) {
    for my $key (@$keys) {
      return ($key, undef) if defined $key->{kid} && $key->{kid} eq $kid;
    }
  }
  if ($p->{kid_required}) {
    return (undef, rejection('unknown-key', $is_string ? "no key has kid '$kid'" : 'no key can be selected without a string kid'));
  }
  return ($keys->[0], undef) if !exists $header->{kid} || @$keys == 1;
  return (undef, rejection('unknown-key', 'no key has the token\'s kid and the key set has several keys'));
}

sub resolve_identity {
  my ($claims, $p) = @_;
  my $identity;
  for my $pair (@{$p->{identity}}) {
    my ($claim, $kind) = @$pair;
    next unless exists $claims->{$claim};
    my $value = $claims->{$claim};
    die rejection('invalid-claim-type', "claim '$claim' is not a string") unless is_json_string($value);
    die rejection('invalid-claim-value', "claim '$claim' is an empty string") if $value eq '';
    # A \u escape of a lone surrogate decodes to a surrogate code point, which no UTF-8 can hold:
    # such a string names no customer (AMB-JSON-LONE-SURROGATE).
    die rejection('invalid-claim-value', "claim '$claim' holds a surrogate code point") if $value =~ /[\x{D800}-\x{DFFF}]/;
    $identity //= { kind => $kind, value => $value };
  }
  die rejection('missing-claim', 'the payload has none of the profile\'s identity claims') unless $identity;
  return $identity;
}

sub check_scope {
  my ($claims, $p) = @_;
  return unless defined $p->{scope};
  die rejection('missing-claim', "the payload has no 'scope' claim") unless exists $claims->{scope};
  die rejection('invalid-claim-type', "claim 'scope' is not a string") unless is_json_string($claims->{scope});
  die rejection('invalid-claim-value', "claim 'scope' is not '$p->{scope}'") unless $claims->{scope} eq $p->{scope};
}

sub library_call {
  my (%args) = @_;
  my @result = eval { decode_jwt(accepted_alg => ['HS256'], decode_payload => 1, %args, decode_header => 1) };
  if (my $error = $@) {
    $error = ref $error ? "$error" : $error;
    $error =~ s/ at \S+ line \d+\.?\n?\z//;
    die rejection(reason_of($error), $error);
  }
  return @result;
}

sub verify_token {
  my ($p, $token, $keys, $now) = @_;
  local $NOW = $now;
  # The header as Crypt::JWT reads it: its own decode, signature, payload and claims left alone.
  my ($header) = library_call(token => $token, ignore_signature => 1, ignore_claims => 1, decode_payload => 0);
  die rejection('malformed', 'the header is not a JSON object') unless ref $header eq 'HASH';
  my $header_defect = check_header($header, $p);
  my ($key, $key_defect) = select_key($header, $keys, $p);
  my $secret = defined $key ? Encode::encode_utf8($key->{secret}) : "\0no key matches this token\0";
  my (undef, $claims) = eval { library_call(token => $token, key => $secret, ignore_claims => 1) };
  if (my $r = $@) {
    die $r if ref $r ne 'HASH' || stage_of($r) <= 2;
    die($header_defect // $key_defect // $r);
  }
  die $header_defect if $header_defect;
  die $key_defect if $key_defect;
  die rejection('malformed', 'the payload is not a JSON object') unless ref $claims eq 'HASH';
  my $identity = resolve_identity($claims, $p);
  check_scope($claims, $p);
  die rejection('missing-claim', "the payload has no 'iat' claim") if $p->{iat_required} && !exists $claims->{iat};
  eval { library_call(token => $token, key => $secret, leeway => 0) };
  if (my $r = $@) {
    # _verify_claims compares exp and nbf as Perl numbers, whatever their JSON type: its message is
    # the claim's reason only when the claim is a JSON number.
    my %claim_of = (expired => 'exp', 'not-yet-valid' => 'nbf');
    my $claim = ref $r eq 'HASH' && defined $r->{reason} ? $claim_of{$r->{reason}} : undef;
    $r->{reason} = undef if defined $claim && !is_json_number($claims->{$claim});
    die $r;
  }
  if (defined $p->{iat_window} && exists $claims->{iat}) {
    my $iat = $claims->{iat};
    die rejection('invalid-claim-type', 'iat is not a NumericDate') unless is_json_number($iat);
    my $window = $p->{iat_window};
    # Written so that a NaN falls outside.
    die rejection('issued-at-out-of-window', "iat is more than $window s before now") unless $now - $window <= $iat;
    die rejection('issued-at-out-of-window', "iat is more than $window s after now") unless $iat <= $now + $window;
  }
  return $identity;
}

sub sign_token {
  my ($p, $key, $subject, $now, $lifetime) = @_;
  my %claims;
  for my $pair (@{$p->{identity}}) {
    my ($claim, $kind) = @$pair;
    my $value = $subject->{$kind};
    next unless defined $value;
    die { error => "subject.$kind must be a string or null" } unless is_json_string($value);
    die { error => "the subject's identifier for claim '$claim' is empty" } if $value eq '';
    $claims{$claim} = $value;
  }
  die { error => 'the subject has no identifier the profile has a claim for' } unless %claims;
  $claims{scope} = $p->{scope} if defined $p->{scope};
  $claims{iat} = $now + 0;
  if (defined $lifetime) {
    die { error => "lifetime $lifetime must be positive" } unless $lifetime > 0;
    $claims{exp} = $now + $lifetime;
  }
  my %header = (typ => $p->{typ});
  if ($p->{kid_required}) {
    die { error => 'the profile requires a key id (kid) and the key has none' } unless defined $key->{kid};
    $header{kid} = $key->{kid};
  }
  local $NOW = $now;  # encode_jwt reads the time (_add_claims) even when it writes no time claim
  my $token = eval { encode_jwt(payload => \%claims, alg => 'HS256', key => Encode::encode_utf8($key->{secret}),
                                extra_headers => \%header) };
  die { error => "Crypt::JWT cannot sign: $@" } if $@;
  return $token;
}

sub integer {
  my ($request, $name, $required) = @_;
  my $value = $request->{$name};
  if (!defined $value) {
    die { error => "the request has no '$name' (a testee never reads the wall clock)" } if $required;
    return undef;
  }
  die { error => "'$name' must be an integer" } unless is_json_number($value) && $value == int($value);
  return $value;
}

sub read_key {
  my ($value, $where) = @_;
  die { error => "$where must be an object" } unless ref $value eq 'HASH';
  die { error => "$where.secret must be a string" } unless is_json_string($value->{secret});
  die { error => "$where.kid must be a string or null" } if defined $value->{kid} && !is_json_string($value->{kid});
  return { kid => $value->{kid}, secret => $value->{secret} };
}

sub read_profile {
  my ($request) = @_;
  my $name = $request->{profile};
  die { error => 'the request has no profile' } unless is_json_string($name);
  die { skip => "profile '$name' is not implemented by this testee" } unless $PROFILES{$name};
  return $PROFILES{$name};
}

my $CLOCK_PROBLEM = do {
  my $secret = 'clock-self-test-secret-0123456789';
  my $token = do { local $NOW = 1000; encode_jwt(payload => { exp => 1001 }, alg => 'HS256', key => $secret) };
  my $ok_at_1000 = eval { local $NOW = 1000; decode_jwt(token => $token, key => $secret); 1 };
  my $ok_at_1001 = eval { local $NOW = 1001; decode_jwt(token => $token, key => $secret); 1 };
  ($ok_at_1000 && !$ok_at_1001) ? '' : 'cannot inject now into Crypt::JWT: exp was not checked against the injected time';
};
print STDERR "$CLOCK_PROBLEM\n" if $CLOCK_PROBLEM;

sub handle {
  my ($request) = @_;
  my $op = $request->{op} // '';
  if ($op eq 'hello') {
    die { error => 'only protocol 1 is supported' } unless ($request->{protocol} // 0) == 1;
    return { ok => JSON::PP::true, protocol => 1,
             implementation => { name => 'Crypt::JWT', version => "$Crypt::JWT::VERSION", language => 'perl' },
             roles => ['verifier', 'signer'], profiles => ['kustomer', 'sunshine'] };
  }
  if ($op eq 'verify') {
    my $p = read_profile($request);
    my $token = $request->{token};
    die { error => "'token' must be a string" } unless is_json_string($token);
    die { error => "'keys' must be an array" } unless ref $request->{keys} eq 'ARRAY';
    my $index = 0;
    my @keys = map { read_key($_, 'keys[' . $index++ . ']') } @{$request->{keys}};
    my $now = integer($request, 'now', 1);
    die { error => $CLOCK_PROBLEM } if $CLOCK_PROBLEM;
    my $identity = eval { verify_token($p, $token, \@keys, $now) };
    if (my $r = $@) {
      die $r unless ref $r eq 'HASH' && exists $r->{message};
      my $response = { id => $request->{id}, result => 'reject', message => $r->{message} };
      $response->{reason} = $r->{reason} if defined $r->{reason};
      return $response;
    }
    return { id => $request->{id}, result => 'accept', identity => $identity };
  }
  if ($op eq 'sign') {
    my $p = read_profile($request);
    my $key = read_key($request->{key}, 'key');
    my $subject = ref $request->{subject} eq 'HASH' ? $request->{subject} : {};
    my $now = integer($request, 'now', 1);
    my $lifetime = integer($request, 'lifetime', 0);
    return { id => $request->{id}, token => sign_token($p, $key, $subject, $now, $lifetime) };
  }
  die { error => "unknown op '$op'" };
}

while (my $line = <STDIN>) {
  next unless $line =~ /\S/;
  my $request;
  my $response = eval {
    $request = eval { $JSON_IN->decode($line) };
    die { error => 'the request line is not a JSON object' } unless ref $request eq 'HASH';
    handle($request);
  };
  if (my $error = $@) {
    my $id = ref $request eq 'HASH' && !ref $request->{id} ? $request->{id} : undef;
    if (ref $error eq 'HASH' && exists $error->{skip}) {
      $response = { id => $id, result => 'skip', message => $error->{skip} };
    }
    elsif (ref $error eq 'HASH' && exists $error->{error}) {
      $response = { id => $id, result => 'error', message => $error->{error} };
    }
    else {
      print STDERR "request failed: $error\n";
      $response = { id => $id, result => 'error', message => "unexpected: $error" };
    }
  }
  print $JSON_OUT->encode($response), "\n";
}
