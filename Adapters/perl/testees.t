#!/usr/bin/perl
# Tests for the Perl testees (crypt_jwt_testee.pl, mojo_jwt_testee.pl): the same tests for each,
# spawning it and talking protocol version 1 to it. Tokens are built with Digest::SHA and
# MIME::Base64 only, never with a JWT library.   Run: prove Adapters/perl
use strict;
use warnings;
use File::Basename qw(dirname);
use IPC::Open2 qw(open2);
use JSON::PP ();
use Digest::SHA qw(hmac_sha256 hmac_sha384);
use MIME::Base64 qw(encode_base64url);
use Test::More;
use File::Temp qw(tempdir);

my $json = JSON::PP->new->canonical;

sub token {
  my ($header, $claims, $secret) = @_;
  my $input = encode_base64url($json->encode($header)) . '.' . encode_base64url($json->encode($claims));
  return $input . '.' . encode_base64url(hmac_sha256($input, $secret));
}

sub testee_tests {
  my ($script, $name) = @_;
  my $pid = open2(my $out, my $in, 'perl', dirname(__FILE__) . "/$script");
  my $ask = sub {
    my ($request) = @_;
    print $in $json->encode($request), "\n";
    $in->flush;
    my $line = <$out>;
    return $json->decode($line);
  };
  my $secret = 'kustomer-secret-0123456789';
  my @keys = ({ kid => undef, secret => $secret });
  my $verify = sub {
    my ($token, $now) = @_;
    return $ask->({ op => 'verify', id => 'v', profile => 'kustomer', token => $token, keys => \@keys, now => $now });
  };

  is($ask->({ op => 'hello', protocol => 1 })->{implementation}{name}, $name, 'hello names the library');

  # At the wall clock this token expired long ago; at the injected now it is valid.
  my $dated = token({ alg => 'HS256', typ => 'JWT' }, { externalId => 'u1', iat => 1000, exp => 2000 }, $secret);
  is($verify->($dated, 1500)->{result}, 'accept', 'now is injected: valid at 1500');
  is($verify->($dated, 2001)->{reason}, 'expired', 'now is injected: expired after its exp');
  my $old = token({ alg => 'HS256' }, { externalId => 'u1', iat => 1000 }, $secret);
  is($verify->($old, 1900)->{result}, 'accept', 'the Kustomer iat window: 900 s is inside');
  is($verify->($old, 1901)->{reason}, 'issued-at-out-of-window', 'the Kustomer iat window: 901 s is outside');

  my $wrong = token({ alg => 'HS256' }, { externalId => 'u1', iat => 1000 }, 'another secret');
  is($verify->($wrong, 1000)->{reason}, 'bad-signature', 'a wrong key is a bad signature');
  my $none = token({ alg => 'none' }, { externalId => 'u1', iat => 1000 }, $secret);
  is($verify->($none, 1000)->{reason}, 'algorithm-not-allowed', 'alg none is not allowed');
  my $hs384 = encode_base64url($json->encode({ alg => 'HS384' })) . '.' . encode_base64url($json->encode({ externalId => 'u1', iat => 1000 }));
  $hs384 .= '.' . encode_base64url(hmac_sha384($hs384, $secret));
  is($verify->($hs384, 1000)->{reason}, 'algorithm-not-allowed', 'HS384, signed with the key, is not allowed');
  my $no_iat = token({ alg => 'HS256' }, { externalId => 'u1', exp => 900 }, $secret);
  is($verify->($no_iat, 1000)->{reason}, 'missing-claim', 'a missing iat comes before expired');

  # Kustomer does not require kid: a kid naming no key is ignored and the key set's first key is used.
  my @rotation = ({ kid => undef, secret => $secret }, { kid => undef, secret => 'replaced-secret-0000000000000000' });
  my $named = token({ alg => 'HS256', kid => 'previous' }, { externalId => 'u1', iat => 1000 }, $secret);
  is($ask->({ op => 'verify', id => 'r', profile => 'kustomer', token => $named, keys => \@rotation, now => 1000 })->{result}, 'accept',
     'no kid required: a kid naming no key is ignored, the first key verifies');
  my $second = token({ alg => 'HS256' }, { externalId => 'u1', iat => 1000 }, $rotation[1]{secret});
  is($ask->({ op => 'verify', id => 'r2', profile => 'kustomer', token => $second, keys => \@rotation, now => 1000 })->{reason}, 'bad-signature',
     'no kid required: only the first key is used');

  my $key = { kid => 'app_1', secret => 'BFJJ88naxc5PZNAMU9KpBNTR' };
  my $signed = $ask->({ op => 'sign', id => 's', profile => 'sunshine', key => $key, subject => { externalId => '42', email => undef }, now => 1000 });
  my $answer = $ask->({ op => 'verify', id => 'v', profile => 'sunshine', token => $signed->{token}, keys => [$key], now => 1000 });
  is($answer->{identity}{value}, '42', 'a signed Sunshine token verifies');

  is($ask->({ op => 'verify', id => 'x', profile => 'kustomer', token => 'a.b.c', keys => [] })->{result}, 'error', 'no now is an error');
  is($ask->({ op => 'verify', id => 'y', profile => 'other', token => 'a.b.c', keys => [], now => 1 })->{result}, 'skip', 'an unknown profile is skipped');

  close $in;
  waitpid $pid, 0;
  is($? >> 8, 0, 'the testee exits cleanly at end of input');
}

# The repository's profiles plus acme (Kustomer's rules, identity claim renamed to user_id, typ
# required) and broken (a member no loader knows), in a temporary folder.
sub write_synthetic_profiles {
  my ($folder) = @_;
  my $read = sub {
    open my $file, '<:raw', dirname(__FILE__) . "/../../Vectors/profiles/$_[0].json" or die $!;
    local $/;
    return JSON::PP->new->utf8->decode(<$file>);
  };
  my $write = sub {
    open my $file, '>:raw', "$folder/$_[0].json" or die $!;
    print $file JSON::PP->new->utf8->encode($_[1]);
    close $file;
  };
  $write->($_, $read->($_)) for qw(kustomer sunshine);
  my $acme = $read->('kustomer');
  $acme->{id} = 'acme';
  $acme->{identityClaims} = [{ claim => 'user_id', kind => 'externalId' }];
  $acme->{header}{typRequired} = JSON::PP::true;
  $write->(acme => $acme);
  $acme->{id} = 'broken';
  $acme->{expiration} = { honoured => JSON::PP::true, required => JSON::PP::false, leeway => 30 };
  $write->(broken => $acme);
}

sub data_driven_tests {
  my ($script) = @_;
  my $folder = tempdir(CLEANUP => 1);
  write_synthetic_profiles($folder);
  local $ENV{JWT_CONFORMANCE_PROFILES} = $folder;
  my $pid = open2(my $out, my $in, 'perl', dirname(__FILE__) . "/$script");
  my $ask = sub {
    print $in $json->encode($_[0]), "\n";
    $in->flush;
    my $line = <$out>;
    return $json->decode($line);
  };
  is_deeply($ask->({ op => 'hello', protocol => 1 })->{profiles}, [qw(acme kustomer sunshine)], 'hello declares the profiles that load');
  my $secret = 'acme-secret-0123456789';
  my @keys = ({ kid => undef, secret => $secret });
  my $verify = sub {
    my ($profile, $header, $claims) = @_;
    return $ask->({ op => 'verify', id => 'd', profile => $profile, token => token($header, $claims, $secret), keys => \@keys, now => 1000 });
  };
  my %claims = (user_id => 'u-7', iat => 990);
  is_deeply($verify->(acme => { alg => 'HS256', typ => 'JWT' }, \%claims)->{identity}, { kind => 'externalId', value => 'u-7' },
            'acme: the identity comes from user_id');
  is($verify->(acme => { alg => 'HS256' }, \%claims)->{reason}, 'invalid-header', 'acme: typ is required');
  is($verify->(acme => { alg => 'HS256', typ => 'JWT' }, { externalId => 'u-7', iat => 990 })->{reason}, 'missing-claim',
     'acme: externalId is no identity claim');
  is($verify->(kustomer => { alg => 'HS256' }, { externalId => 'u-7', iat => 990 })->{result}, 'accept', 'kustomer: typ is not required');
  is($verify->(broken => { alg => 'HS256', typ => 'JWT' }, \%claims)->{result}, 'skip', 'a profile with an unknown member is skipped');
  my $signed = $ask->({ op => 'sign', id => 's', profile => 'acme', key => $keys[0], subject => { externalId => 'u-8', email => undef }, now => 1000 });
  is($ask->({ op => 'verify', id => 'v', profile => 'acme', token => $signed->{token}, keys => \@keys, now => 1000 })->{identity}{value}, 'u-8',
     'acme: a signed token carries user_id');
  close $in;
  waitpid $pid, 0;
}

for my $testee (['crypt_jwt_testee.pl', 'Crypt::JWT'], ['mojo_jwt_testee.pl', 'Mojo::JWT']) {
  subtest $testee->[1] => sub { testee_tests(@$testee) };
  subtest "$testee->[1]: profiles come from the data files" => sub { data_driven_tests($testee->[0]) };
}
done_testing();
