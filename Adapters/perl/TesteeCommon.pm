package TesteeCommon;
# What the Perl testees of jwt-conformance (protocol version 1, PROTOCOL.md) share: the protocol
# loop (JSON lines in and out, hello, error and skip answers), the vendor profiles as data, and the
# rules the Perl JWT libraries do not implement, as Adapters/python/testee_common.py has them for
# the Python testees: typ "JWT" when present; Sunshine kid present and a string; key selection by
# kid; identity claims (JSON strings, non-empty, Kustomer email before externalId); Sunshine scope
# "user"; Kustomer's required iat and its +-900 s window; the claims and header of a signing request.
#
# JSON types are told apart by the scalar's flags (B::svref_2object: a JSON string is POK only, a
# number IOK/NOK only), as the JSON decoders leave them.
#
# A testee calls serve(name => ..., version => ..., clock_problem => '' or the problem,
#   verify => sub { my ($profile, $token, \@keys, $now) = @_; ... return $identity or die rejection(...) },
#   sign => sub { my ($profile, \%header, \%claims, $key, $now) = @_; ... return $token or die { error => ... } }).
use strict;
use warnings;
use B ();
use JSON::PP ();
use Exporter 'import';

our @EXPORT_OK = qw(rejection stage_of is_json_string is_json_number check_header select_key resolve_identity
  check_claim_rules check_iat_window serve);

my %STAGE = (
  'malformed' => 1, 'algorithm-not-allowed' => 2, 'invalid-header' => 2, 'unknown-key' => 3,
  'bad-signature' => 4, 'missing-claim' => 5, 'invalid-claim-type' => 5, 'invalid-claim-value' => 5,
  'expired' => 6, 'not-yet-valid' => 6, 'issued-at-out-of-window' => 6,
);

our %PROFILES = (
  kustomer => { typ => 'JWT', kid_required => 0, identity => [[email => 'email'], [externalId => 'externalId']],
                scope => undef, iat_required => 1, iat_window => 900 },
  sunshine => { typ => 'JWT', kid_required => 1, identity => [[external_id => 'externalId']],
                scope => 'user', iat_required => 0, iat_window => undef },
);

my $JSON_OUT = JSON::PP->new->ascii->canonical;
my $JSON_IN = JSON::PP->new->utf8->allow_nonref(0);

# A refusal of the token: a reason from the vocabulary, or undef when it is not certain.
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

# Sunshine's scope and Kustomer's required iat: the claim rules after the identity.
sub check_claim_rules {
  my ($claims, $p) = @_;
  if (defined $p->{scope}) {
    die rejection('missing-claim', "the payload has no 'scope' claim") unless exists $claims->{scope};
    die rejection('invalid-claim-type', "claim 'scope' is not a string") unless is_json_string($claims->{scope});
    die rejection('invalid-claim-value', "claim 'scope' is not '$p->{scope}'") unless $claims->{scope} eq $p->{scope};
  }
  die rejection('missing-claim', "the payload has no 'iat' claim") if $p->{iat_required} && !exists $claims->{iat};
}

# Kustomer's window, on iat read as the profile says: a JSON number.
sub check_iat_window {
  my ($claims, $p, $now) = @_;
  return unless defined $p->{iat_window} && exists $claims->{iat};
  my $iat = $claims->{iat};
  die rejection('invalid-claim-type', 'iat is not a NumericDate') unless is_json_number($iat);
  my $window = $p->{iat_window};
  # Written so that a NaN falls outside.
  die rejection('issued-at-out-of-window', "iat is more than $window s before now") unless $now - $window <= $iat;
  die rejection('issued-at-out-of-window', "iat is more than $window s after now") unless $iat <= $now + $window;
}

# The header and claims of a signing request.
sub signing_input {
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
  return (\%header, \%claims);
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

sub handle {
  my ($library, $request) = @_;
  my $op = $request->{op} // '';
  if ($op eq 'hello') {
    die { error => 'only protocol 1 is supported' } unless ($request->{protocol} // 0) == 1;
    return { ok => JSON::PP::true, protocol => 1,
             implementation => { name => $library->{name}, version => "$library->{version}", language => 'perl' },
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
    die { error => $library->{clock_problem} } if $library->{clock_problem};
    my $identity = eval { $library->{verify}->($p, $token, \@keys, $now) };
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
    my ($header, $claims) = signing_input($p, $key, $subject, $now, $lifetime);
    return { id => $request->{id}, token => $library->{sign}->($p, $header, $claims, $key, $now) };
  }
  die { error => "unknown op '$op'" };
}

sub serve {
  my (%library) = @_;
  $| = 1;
  binmode STDOUT;
  binmode STDERR, ':encoding(UTF-8)';
  print STDERR "$library{clock_problem}\n" if $library{clock_problem};
  while (my $line = <STDIN>) {
    next unless $line =~ /\S/;
    my $request;
    my $response = eval {
      $request = eval { $JSON_IN->decode($line) };
      die { error => 'the request line is not a JSON object' } unless ref $request eq 'HASH';
      handle(\%library, $request);
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
  return 0;
}

1;
