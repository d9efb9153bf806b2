#!/usr/bin/perl
# jwt-conformance testee (protocol version 1, PROTOCOL.md) for Perl's Mojo::JWT, as Debian packages
# it (libmojo-jwt-perl, on Mojolicious's Mojo::JSON and MIME::Base64).
#
#   perl Adapters/perl/mojo_jwt_testee.pl   (requests on stdin, responses on stdout)
#
# What Mojo::JWT does here (its own code, its own deviations), in one call of its decode:
#   * token parsing: split /\./, MIME::Base64 decode_base64url, Mojo::JSON decode_json of the
#     header and the claims;
#   * the header's alg, required (its typ and alg are deleted from the header it keeps);
#   * HMAC-SHA-256 with `secret` = the secret's UTF-8 bytes (Digest::SHA hmac_sha256), compared
#     with eq;
#   * exp and nbf at `now` (exp refused when now > exp, nbf when now < nbf; any defined value is
#     compared as a Perl number).
#
# What this adapter adds, with TesteeCommon.pm (as Adapters/python/testee_common.py does for the
# Python testees): the alg allow-list (Mojo::JWT has none: it verifies any HS<n> with the secret, so
# the adapter's peek callback, which decode calls after reading alg and before the signature, refuses
# an alg that is not HS256); typ "JWT" when present; Sunshine kid present and a string; key
# selection by kid; identity claims; Sunshine scope "user"; Kustomer's required iat and its +-900 s
# window (Mojo::JWT never reads iat). Mojo::JWT deletes typ from the header it keeps, so the adapter
# reads the header segment with the library's own decoders (decode_base64url, Mojo::JSON
# decode_json) for its rules.
#
# Stage order: decode runs everything at once, so its refusal is placed by its stage: a structure or
# alg refusal wins over the adapter's header and key defects, which win over a bad signature; a
# refusal of exp or nbf (which Mojo::JWT makes only after the signature verified) comes after the
# claim rules, which run on the claims decode passed to the peek callback.
#
# How now is injected: Mojo::JWT reads the time through its method `now` ("Returns the current
# time, currently implemented as the core time function"); the testee decodes with a subclass whose
# now returns the request's now (and dies without one). A start-up self-test (a token with exp 1001
# valid at 1000, refused at 1002: Mojo::JWT accepts a token at its exp) answers every verify error
# if the injection does not take effect.
#
# Mojo::JWT reports every refusal with croak; the reasons are mapped from its messages only where
# certain (an exp or nbf refusal only when the claim is a JSON number), and a die in Mojo::JSON
# (its JSON parser) is malformed. Any other error is a rejection without a reason.
use strict;
use warnings;

package MojoJwtTestee::AtNow {
  use Mojo::Base 'Mojo::JWT';
  has 'at';
  sub now {
    my $at = shift->at;
    die "Mojo::JWT asked for the time without a request's now\n" unless defined $at;
    return $at;
  }
}

package main;

use Encode ();
use FindBin ();
use lib $FindBin::Bin;
use TesteeCommon qw(rejection stage_of is_json_number check_header select_key resolve_identity check_claim_rules
  check_iat_window serve);
use Mojo::JWT;
use Mojo::JSON ();
use MIME::Base64 ();

my $ALG_REFUSED = "the adapter's allow-list: alg is not HS256";

# Mojo::JWT's croak messages (Mojo/JWT.pm decode, sign_hmac).
my @MESSAGES = (
  [qr/^Required header field "alg" not specified/ => 'algorithm-not-allowed'],
  [qr/^Algorithm "none" is prohibited/ => 'algorithm-not-allowed'],
  [qr/^\Q$ALG_REFUSED\E/ => 'algorithm-not-allowed'],
  [qr/^Failed HS validation/ => 'bad-signature'],
  [qr/^JWT has expired/ => 'expired'],
  [qr/^JWT is not yet valid/ => 'not-yet-valid'],
);

sub reason_of {
  my ($message) = @_;
  return 'malformed' if index($message, " at $INC{'Mojo/JSON.pm'} line ") >= 0;
  for my $pair (@MESSAGES) {
    return $pair->[1] if $message =~ $pair->[0];
  }
  return undef;
}

# Mojo::JWT's decode at now with secret; returns the claims, or dies with a rejection. $peeked gets
# the claims decode passed to the peek callback.
sub library_decode {
  my ($token, $secret, $now, $peeked) = @_;
  my $jwt = MojoJwtTestee::AtNow->new(secret => $secret, at => $now);
  my $claims = eval {
    $jwt->decode($token, sub {
      my ($self, $claims) = @_;
      $$peeked = $claims if $peeked;
      die "$ALG_REFUSED\n" unless $self->algorithm eq 'HS256';
    });
  };
  if (my $error = $@) {
    $error = "$error";
    $error =~ s/\n\z//;
    die rejection(reason_of($error), $error);
  }
  return $claims;
}

sub verify_token {
  my ($p, $token, $keys, $now) = @_;
  # The header for the adapter's rules, read with the library's own decoders (Mojo::JWT deletes typ).
  my ($segment) = split /\./, $token;
  my $header = eval { Mojo::JSON::decode_json(MIME::Base64::decode_base64url($segment // '')) };
  # A header that is not a JSON object: the adapter's rules cannot read it; Mojo::JWT still gets
  # the token, and what it does not refuse at the structure or alg stage is refused as malformed.
  my $not_object = ref $header eq 'HASH' ? undef : rejection('malformed', 'the header is not a JSON object');
  $header = {} if $not_object;
  my $header_defect = $not_object // check_header($header, $p);
  my ($key, $key_defect) = select_key($header, $keys, $p);
  my $secret = defined $key ? Encode::encode_utf8($key->{secret}) : "\0no key matches this token\0";
  my $claims;
  my $time_refusal;
  eval { library_decode($token, $secret, $now, \$claims) };
  if (my $r = $@) {
    die $r if ref $r ne 'HASH';
    if (stage_of($r) == 6) {
      # Mojo::JWT compares exp and nbf as Perl numbers, whatever their JSON type: its message is
      # the claim's reason only when the claim is a JSON number.
      my $claim = $r->{reason} eq 'expired' ? 'exp' : 'nbf';
      $r->{reason} = undef unless ref $claims eq 'HASH' && is_json_number($claims->{$claim});
      $time_refusal = $r;
    }
    else {
      die $r if stage_of($r) <= 2;
      die($header_defect // $key_defect // $r);
    }
  }
  die $header_defect if $header_defect;
  die $key_defect if $key_defect;
  die rejection('malformed', 'the payload is not a JSON object') unless ref $claims eq 'HASH';
  my $identity = resolve_identity($claims, $p);
  check_claim_rules($claims, $p);
  die $time_refusal if $time_refusal;
  check_iat_window($claims, $p, $now);
  return $identity;
}

sub sign_token {
  my ($p, $header, $claims, $key, $now) = @_;
  my %extra = %$header;
  # Mojo::JWT's encode writes typ "JWT" and alg itself; no other typ, and no token without one.
  die { error => 'Mojo::JWT always writes typ "JWT", and the profile wants ' . (defined $extra{typ} ? "typ \"$extra{typ}\"" : 'no typ') }
    unless defined $extra{typ} && $extra{typ} eq 'JWT';
  delete $extra{typ};
  my $token = eval {
    MojoJwtTestee::AtNow->new(algorithm => 'HS256', secret => Encode::encode_utf8($key->{secret}), claims => $claims,
                              header => \%extra, at => $now)->encode;
  };
  die { error => "Mojo::JWT cannot sign: $@" } if $@;
  return $token;
}

my $CLOCK_PROBLEM = do {
  my $secret = 'clock-self-test-secret-0123456789';
  my $token = MojoJwtTestee::AtNow->new(secret => $secret, claims => { exp => 1001 }, at => 1000)->encode;
  my $ok_at_1000 = eval { MojoJwtTestee::AtNow->new(secret => $secret, at => 1000)->decode($token); 1 };
  my $ok_at_1002 = eval { MojoJwtTestee::AtNow->new(secret => $secret, at => 1002)->decode($token); 1 };
  ($ok_at_1000 && !$ok_at_1002) ? '' : 'cannot inject now into Mojo::JWT: exp was not checked against the injected time';
};
exit serve(name => 'Mojo::JWT', version => $Mojo::JWT::VERSION, clock_problem => $CLOCK_PROBLEM,
           verify => \&verify_token, sign => \&sign_token);
