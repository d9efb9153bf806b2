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
# What this adapter adds, with TesteeCommon.pm (as Adapters/python/testee_common.py does for the
# Python testees): typ "JWT" when present; Sunshine kid present and a string; key selection by kid;
# identity claims; Sunshine scope "user"; Kustomer's required iat and its +-900 s window (Crypt::JWT
# checks iat only when asked, and then refuses any iat after now; by default it does not read iat,
# so the profile's window is the adapter's, on iat read as the profile says: a JSON number).
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

use Encode ();
use FindBin ();
use lib $FindBin::Bin;
use TesteeCommon qw(rejection stage_of is_json_number check_header select_key resolve_identity check_claim_rules
  check_iat_window serve);
use Crypt::JWT qw(decode_jwt encode_jwt);

# Crypt::JWT's croak messages (Crypt/JWT.pm decode_jwt, _decode_jws, _payload_dec, _verify_claims).
my @MESSAGES = (
  [qr/^JWT: (invalid token format|missing token|payload not a valid JSON)/ => 'malformed'],
  [qr/^JWS: invalid (header|payload) part/ => 'malformed'],
  [qr/^JWS: (missing header 'alg'|alg 'none' not allowed|alg .* not in accepted_alg)/ => 'algorithm-not-allowed'],
  [qr/^JWS: invalid signature/ => 'bad-signature'],
  [qr/^JWT: exp claim check failed/ => 'expired'],
  [qr/^JWT: nbf claim check failed/ => 'not-yet-valid'],
);

sub reason_of {
  my ($message) = @_;
  for my $pair (@MESSAGES) {
    return $pair->[1] if $message =~ $pair->[0];
  }
  return undef;
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
  check_claim_rules($claims, $p);
  eval { library_call(token => $token, key => $secret, leeway => 0) };
  if (my $r = $@) {
    # _verify_claims compares exp and nbf as Perl numbers, whatever their JSON type: its message is
    # the claim's reason only when the claim is a JSON number.
    my %claim_of = (expired => 'exp', 'not-yet-valid' => 'nbf');
    my $claim = ref $r eq 'HASH' && defined $r->{reason} ? $claim_of{$r->{reason}} : undef;
    $r->{reason} = undef if defined $claim && !is_json_number($claims->{$claim});
    die $r;
  }
  check_iat_window($claims, $p, $now);
  return $identity;
}

sub sign_token {
  my ($p, $header, $claims, $key, $now) = @_;
  local $NOW = $now;  # encode_jwt reads the time (_add_claims) even when it writes no time claim
  my $token = eval { encode_jwt(payload => $claims, alg => 'HS256', key => Encode::encode_utf8($key->{secret}),
                                extra_headers => $header) };
  die { error => "Crypt::JWT cannot sign: $@" } if $@;
  return $token;
}

my $CLOCK_PROBLEM = do {
  my $secret = 'clock-self-test-secret-0123456789';
  my $token = do { local $NOW = 1000; encode_jwt(payload => { exp => 1001 }, alg => 'HS256', key => $secret) };
  my $ok_at_1000 = eval { local $NOW = 1000; decode_jwt(token => $token, key => $secret); 1 };
  my $ok_at_1001 = eval { local $NOW = 1001; decode_jwt(token => $token, key => $secret); 1 };
  ($ok_at_1000 && !$ok_at_1001) ? '' : 'cannot inject now into Crypt::JWT: exp was not checked against the injected time';
};
exit serve(name => 'Crypt::JWT', version => $Crypt::JWT::VERSION, clock_problem => $CLOCK_PROBLEM,
           verify => \&verify_token, sign => \&sign_token);

