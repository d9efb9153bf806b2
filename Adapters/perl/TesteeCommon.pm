package TesteeCommon;
# What the Perl testees of jwt-conformance (protocol version 1, PROTOCOL.md) share: the protocol
# loop (JSON lines in and out, hello, error and skip answers), the vendor profiles (read from the
# data files Vectors/profiles/*.json: load_profiles), and the rules the Perl JWT libraries do not
# implement, as Adapters/python/testee_common.py has them for the Python testees, each from the
# profile's data: typ the profile's ("JWT") when present, and present when typRequired; kid present
# and a string when keyIdRequired (Sunshine); key selection by kid; identity claims in the profile's
# precedence (JSON strings, non-empty; Kustomer email before externalId); the scope rule (Sunshine
# scope "user"); a required iat (Kustomer) or exp; the iat window (Kustomer +-900 s); the claims
# and header of a signing request.
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
use File::Basename ();
use File::Spec ();
use Exporter 'import';

our @EXPORT_OK = qw(rejection stage_of is_json_string is_json_number check_header select_key resolve_identity
  check_claim_rules check_iat_window serve load_profiles);

my %STAGE = (
  'malformed' => 1, 'algorithm-not-allowed' => 2, 'invalid-header' => 2, 'unknown-key' => 3,
  'bad-signature' => 4, 'missing-claim' => 5, 'invalid-claim-type' => 5, 'invalid-claim-value' => 5,
  'expired' => 6, 'not-yet-valid' => 6, 'issued-at-out-of-window' => 6,
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

# The vendor profiles, read from the data files Vectors/profiles/*.json (shape:
# Vectors/schema/profile.schema.json), or from the folder $JWT_CONFORMANCE_PROFILES names. A file
# with a member this loader does not know, a value of the wrong type, or a rule the adapters leave
# to their library in a form no library here is configured for, is not loaded: a note on stderr
# names the file and the member, and the profile is not declared in hello (Adapters/README.md).
our $PROFILES_ENV = 'JWT_CONFORMANCE_PROFILES';

my %KNOWN_MEMBERS = (
  '' => [qw($schema id title sources algorithms header identityClaims scope issuedAt expiration notBefore name idPrefix session)],
  'header' => [qw(typ typRequired keyIdRequired understoodCriticalParameters)],
  'identityClaims[]' => [qw(claim kind)],
  'scope' => [qw(claim value)],
  'issuedAt' => [qw(required maximumAge maximumFutureSkew)],
  'expiration' => [qw(honoured required)],
  'notBefore' => [qw(honoured)],
);

# The profile a profile file's JSON holds, or dies with { profile_error => message }.
sub profile_from_json {
  my ($document, $where) = @_;
  my $fail = sub { my ($member, $problem) = @_; die { profile_error => "$where: member \"$member\" $problem" }; };
  my $object = sub {
    my ($value, $member, $known, @required) = @_;
    $fail->($member, 'must be an object') unless ref $value eq 'HASH';
    my $path = sub { $member eq '' ? $_[0] : "$member.$_[0]" };
    my %known = map { $_ => 1 } @{$KNOWN_MEMBERS{$known}};
    for my $name (sort keys %$value) {
      $fail->($path->($name), 'is not known to this adapter, which cannot honour it') unless $known{$name};
    }
    for my $name (@required) { $fail->($path->($name), 'is missing') unless exists $value->{$name}; }
    return $value;
  };
  my $string = sub { my ($value, $member) = @_; $fail->($member, 'must be a string') unless is_json_string($value); return $value; };
  my $boolean = sub {
    my ($value, $member) = @_;
    $fail->($member, 'must be a boolean') unless JSON::PP::is_bool($value);
    return $value ? 1 : 0;
  };
  my $strings = sub {
    my ($value, $member) = @_;
    $fail->($member, 'must be an array of strings') unless ref $value eq 'ARRAY' && !grep { !is_json_string($_) } @$value;
    return @$value;
  };
  my $top = $object->($document, '', '', qw(id title sources algorithms header identityClaims expiration notBefore));
  my %p = (name => $string->($top->{id}, 'id'));
  $fail->('id', 'must not be empty') if $p{name} eq '';
  my @algorithms = $strings->($top->{algorithms}, 'algorithms');
  $fail->('algorithms', 'is [' . join(', ', @algorithms) . ']: the adapters restrict their library to HS256 and support exactly ["HS256"]')
    unless @algorithms == 1 && $algorithms[0] eq 'HS256';
  my $header = $object->($top->{header}, 'header', 'header', qw(typRequired keyIdRequired understoodCriticalParameters));
  $p{typ} = defined $header->{typ} ? $string->($header->{typ}, 'header.typ') : undef;
  $p{typ_required} = $boolean->($header->{typRequired}, 'header.typRequired');
  $p{kid_required} = $boolean->($header->{keyIdRequired}, 'header.keyIdRequired');
  my @critical = $strings->($header->{understoodCriticalParameters}, 'header.understoodCriticalParameters');
  $fail->('header.understoodCriticalParameters', 'is [' . join(', ', @critical) . "]: crit is the library's check, and no library here is told of understood extensions")
    if @critical;
  $fail->('identityClaims', 'must be an array') unless ref $top->{identityClaims} eq 'ARRAY';
  my $index = 0;
  $p{identity} = [map {
    my $member = 'identityClaims[' . $index++ . ']';
    my $rule = $object->($_, $member, 'identityClaims[]', qw(claim kind));
    my $kind = $string->($rule->{kind}, "$member.kind");
    $fail->("$member.kind", "is \"$kind\", not \"email\" or \"externalId\"") unless $kind eq 'email' || $kind eq 'externalId';
    [$string->($rule->{claim}, "$member.claim"), $kind];
  } @{$top->{identityClaims}}];
  if (defined $top->{scope}) {
    my $scope = $object->($top->{scope}, 'scope', 'scope', qw(claim value));
    $p{scope} = [$string->($scope->{claim}, 'scope.claim'), $string->($scope->{value}, 'scope.value')];
  }
  $p{iat_required} = 0;
  if (defined $top->{issuedAt}) {
    my $rule = $object->($top->{issuedAt}, 'issuedAt', 'issuedAt', qw(required maximumAge maximumFutureSkew));
    $p{iat_required} = $boolean->($rule->{required}, 'issuedAt.required');
    for my $bound (qw(maximumAge maximumFutureSkew)) {
      my $value = $rule->{$bound};
      $fail->("issuedAt.$bound", 'must be a 64-bit integer')
        unless is_json_number($value) && $value =~ /\A-?[0-9]+\z/ && abs($value) <= 9_223_372_036_854_775_807;
    }
    $p{iat_window} = [$rule->{maximumAge} + 0, $rule->{maximumFutureSkew} + 0];
  }
  my $expiration = $object->($top->{expiration}, 'expiration', 'expiration', qw(honoured required));
  $fail->('expiration.honoured', "is false: exp is the library's check, which no library here can switch off")
    unless $boolean->($expiration->{honoured}, 'expiration.honoured');
  $p{exp_required} = $boolean->($expiration->{required}, 'expiration.required');
  my $not_before = $object->($top->{notBefore}, 'notBefore', 'notBefore', qw(honoured));
  $fail->('notBefore.honoured', "is false: nbf is the library's check, which no library here can switch off")
    unless $boolean->($not_before->{honoured}, 'notBefore.honoured');
  return \%p;
}

# $JWT_CONFORMANCE_PROFILES, or the repository's Vectors/profiles.
sub profiles_folder {
  return $ENV{$PROFILES_ENV} if defined $ENV{$PROFILES_ENV} && $ENV{$PROFILES_ENV} ne '';
  return File::Spec->catdir(File::Basename::dirname(File::Spec->rel2abs(__FILE__)), '..', '..', 'Vectors', 'profiles');
}

# Every profile file folder/*.json this adapter can honour, by id; a note on stderr for each left out.
sub load_profiles {
  my ($folder) = @_;
  $folder //= profiles_folder();
  my %profiles;
  my $dir;
  unless (opendir $dir, $folder) {
    print STDERR "profiles: cannot read the folder $folder: $!; no profile is declared\n";
    return \%profiles;
  }
  my @names = sort grep { /\.json\z/ } readdir $dir;
  closedir $dir;
  for my $name (@names) {
    my $path = File::Spec->catfile($folder, $name);
    my $p = eval {
      open my $file, '<:raw', $path or die { profile_error => "$path is not read: $!" };
      local $/;
      my $text = <$file>;
      my $document = eval { JSON::PP->new->utf8->decode($text) };
      die { profile_error => "$path is not JSON: $@" } unless defined $document;
      profile_from_json($document, $path);
    };
    if (my $error = $@) {
      my $message = ref $error eq 'HASH' ? $error->{profile_error} : "$path: $error";
      chomp $message;
      print STDERR "profiles: $message; the profile is not declared\n";
      next;
    }
    if ($profiles{$p->{name}}) {
      print STDERR "profiles: $path repeats the id \"$p->{name}\"; it is not declared\n";
      next;
    }
    $profiles{$p->{name}} = $p;
  }
  return \%profiles;
}


sub same_media_type {
  my ($value, $expected) = @_;
  my $normalize = sub { my $t = shift; $t = "application/$t" unless $t =~ m{/}; $t =~ tr/A-Z/a-z/; return $t; };
  return $normalize->($value) eq $normalize->($expected);
}

sub check_header {
  my ($header, $p) = @_;
  return rejection('invalid-header', "the header has no typ (expected '$p->{typ}')")
    if defined $p->{typ} && $p->{typ_required} && !exists $header->{typ};
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

# When the profile requires kid, a string kid naming a key selects it and nothing else does.
# Otherwise the token does not name its key: kid is ignored and the key set's first key is used
# (AMB-IC-KEYS: the first, current secret is the one required).
sub select_key {
  my ($header, $keys, $p) = @_;
  return (undef, rejection('unknown-key', 'the key set is empty')) unless @$keys;
  return ($keys->[0], undef) unless $p->{kid_required};
  my $kid = $header->{kid};
  if (is_json_string($kid)) {
    for my $key (@$keys) {
      return ($key, undef) if defined $key->{kid} && $key->{kid} eq $kid;
    }
    return (undef, rejection('unknown-key', "no key has kid '$kid'"));
  }
  return (undef, rejection('unknown-key', 'no key can be selected without a string kid'));
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

# The scope rule (Sunshine) and a required iat (Kustomer) or exp: the claim rules after the identity.
sub check_claim_rules {
  my ($claims, $p) = @_;
  if (defined $p->{scope}) {
    my ($claim, $required) = @{$p->{scope}};
    die rejection('missing-claim', "the payload has no '$claim' claim") unless exists $claims->{$claim};
    die rejection('invalid-claim-type', "claim '$claim' is not a string") unless is_json_string($claims->{$claim});
    die rejection('invalid-claim-value', "claim '$claim' is not '$required'") unless $claims->{$claim} eq $required;
  }
  die rejection('missing-claim', "the payload has no 'iat' claim") if $p->{iat_required} && !exists $claims->{iat};
  die rejection('missing-claim', "the payload has no 'exp' claim") if $p->{exp_required} && !exists $claims->{exp};
}

# The profile's iat window (Kustomer: 900 s either side), on iat read as the profile says: a JSON number.
sub check_iat_window {
  my ($claims, $p, $now) = @_;
  return unless defined $p->{iat_window} && exists $claims->{iat};
  my $iat = $claims->{iat};
  die rejection('invalid-claim-type', 'iat is not a NumericDate') unless is_json_number($iat);
  my ($max_age, $max_future) = @{$p->{iat_window}};
  # Written so that a NaN falls outside.
  die rejection('issued-at-out-of-window', "iat is more than $max_age s before now") unless $now - $max_age <= $iat;
  die rejection('issued-at-out-of-window', "iat is more than $max_future s after now") unless $iat <= $now + $max_future;
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
  $claims{$p->{scope}[0]} = $p->{scope}[1] if defined $p->{scope};
  $claims{iat} = $now + 0;
  if (defined $lifetime) {
    die { error => "lifetime $lifetime must be positive" } unless $lifetime > 0;
    $claims{exp} = $now + $lifetime;
  }
  my %header;
  $header{typ} = $p->{typ} if defined $p->{typ};
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
  my ($library, $request) = @_;
  my $name = $request->{profile};
  die { error => 'the request has no profile' } unless is_json_string($name);
  die { skip => "profile '$name' is not implemented by this testee" } unless $library->{profiles}{$name};
  return $library->{profiles}{$name};
}

sub handle {
  my ($library, $request) = @_;
  my $op = $request->{op} // '';
  if ($op eq 'hello') {
    die { error => 'only protocol 1 is supported' } unless ($request->{protocol} // 0) == 1;
    return { ok => JSON::PP::true, protocol => 1,
             implementation => { name => $library->{name}, version => "$library->{version}", language => 'perl' },
             roles => ['verifier', 'signer'], profiles => [sort keys %{$library->{profiles}}] };
  }
  if ($op eq 'verify') {
    my $p = read_profile($library, $request);
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
    my $p = read_profile($library, $request);
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
  $library{profiles} = load_profiles();
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
