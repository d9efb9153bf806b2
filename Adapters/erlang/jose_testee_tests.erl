%% EUnit tests of jose_testee (run by Adapters/erlang/build.sh test). Tokens are built here with
%% OTP's crypto and base64 only, never with jose; requests are JSON text, answers read with jiffy.
-module(jose_testee_tests).

%% Debian's erlang-eunit ships no eunit.hrl (that is in erlang-dev), so the tests are exported by
%% hand and assert with eq/2 and match/2 below.
-export([hello_test/0, kid_ignored_when_not_required_test/0, now_is_injected_not_read_test/0, not_before_and_fractions_test/0,
         wrong_key_and_algorithms_test/0, sunshine_rules_test/0, kustomer_rules_test/0,
         sign_then_verify_test/0, bad_requests_test/0, profiles_come_from_the_data_files_test/0]).

eq(Expected, Expected) -> ok;
eq(Expected, Actual) -> erlang:error({not_equal, [{expected, Expected}, {actual, Actual}]}).

different(Unexpected, Unexpected) -> erlang:error({equal, Unexpected});
different(_, _) -> ok.

b64(Data) ->
    Plain = base64:encode(Data),
    << <<(case C of $+ -> $-; $/ -> $_; _ -> C end)>> || <<C>> <= Plain, C =/= $= >>.

token(HeaderJson, ClaimsJson, Secret) ->
    token(HeaderJson, ClaimsJson, Secret, sha256).

token(HeaderJson, ClaimsJson, Secret, Digest) ->
    Input = <<(b64(HeaderJson))/binary, $., (b64(ClaimsJson))/binary>>,
    <<Input/binary, $., (b64(crypto:mac(hmac, Digest, Secret, Input)))/binary>>.

ask(Json) -> jiffy:decode(jiffy:encode(jose_testee:answer(Json)), [return_maps]).

-define(KUS_KEYS, <<"[{\"kid\":null,\"secret\":\"kustomer-secret-0123456789\"}]">>).
-define(SUN_KEYS, <<"[{\"kid\":\"app_1\",\"secret\":\"first-secret-0123456789\"},{\"kid\":\"app_2\",\"secret\":\"second-secret-0123456789\"}]">>).

verify(Profile, Token, Keys, Now) ->
    ask(iolist_to_binary(["{\"op\":\"verify\",\"id\":\"v\",\"profile\":\"", Profile, "\",\"token\":\"", Token,
                          "\",\"keys\":", Keys, ",\"now\":", integer_to_binary(Now), "}"])).

verdict(Answer) -> {maps:get(<<"result">>, Answer), maps:get(<<"reason">>, Answer, none)}.

hello_test() ->
    Hello = ask(<<"{\"op\":\"hello\",\"protocol\":1}">>),
    eq(true, maps:get(<<"ok">>, Hello)),
    eq(<<"erlang">>, maps:get(<<"language">>, maps:get(<<"implementation">>, Hello))),
    different(<<"unknown">>, maps:get(<<"version">>, maps:get(<<"implementation">>, Hello))).

now_is_injected_not_read_test() ->
    %% At the wall clock this token expired long ago; at the injected now it is valid.
    T = token(<<"{\"alg\":\"HS256\",\"typ\":\"JWT\"}">>, <<"{\"externalId\":\"u1\",\"iat\":1500,\"exp\":2000}">>, <<"kustomer-secret-0123456789">>),
    eq(<<"accept">>, maps:get(<<"result">>, verify("kustomer", T, ?KUS_KEYS, 1500))),
    eq({<<"reject">>, <<"expired">>}, verdict(verify("kustomer", T, ?KUS_KEYS, 2000))),
    eq(<<"accept">>, maps:get(<<"result">>, verify("kustomer", T, ?KUS_KEYS, 1999))).

not_before_and_fractions_test() ->
    T = token(<<"{\"alg\":\"HS256\",\"kid\":\"app_1\"}">>, <<"{\"external_id\":\"7\",\"scope\":\"user\",\"nbf\":1499.5}">>, <<"first-secret-0123456789">>),
    eq(<<"accept">>, maps:get(<<"result">>, verify("sunshine", T, ?SUN_KEYS, 1500))),
    eq({<<"reject">>, <<"not-yet-valid">>}, verdict(verify("sunshine", T, ?SUN_KEYS, 1499))).

wrong_key_and_algorithms_test() ->
    Claims = <<"{\"externalId\":\"u1\",\"iat\":1000}">>,
    Wrong = token(<<"{\"alg\":\"HS256\"}">>, Claims, <<"another-secret">>),
    eq({<<"reject">>, <<"bad-signature">>}, verdict(verify("kustomer", Wrong, ?KUS_KEYS, 1000))),
    HS384 = token(<<"{\"alg\":\"HS384\"}">>, Claims, <<"kustomer-secret-0123456789">>, sha384),
    eq({<<"reject">>, <<"algorithm-not-allowed">>}, verdict(verify("kustomer", HS384, ?KUS_KEYS, 1000))),
    None = <<(b64(<<"{\"alg\":\"none\"}">>))/binary, $., (b64(Claims))/binary, $.>>,
    eq({<<"reject">>, <<"algorithm-not-allowed">>}, verdict(verify("kustomer", None, ?KUS_KEYS, 1000))).

sunshine_rules_test() ->
    Good = token(<<"{\"alg\":\"HS256\",\"kid\":\"app_2\"}">>, <<"{\"external_id\":\"42\",\"scope\":\"user\"}">>, <<"second-secret-0123456789">>),
    eq(#{<<"kind">> => <<"externalId">>, <<"value">> => <<"42">>}, maps:get(<<"identity">>, verify("sunshine", Good, ?SUN_KEYS, 1000))),
    Unknown = token(<<"{\"alg\":\"HS256\",\"kid\":\"app_9\"}">>, <<"{\"external_id\":\"42\",\"scope\":\"user\"}">>, <<"second-secret-0123456789">>),
    eq({<<"reject">>, <<"unknown-key">>}, verdict(verify("sunshine", Unknown, ?SUN_KEYS, 1000))),
    NoScope = token(<<"{\"alg\":\"HS256\",\"kid\":\"app_1\"}">>, <<"{\"external_id\":\"42\"}">>, <<"first-secret-0123456789">>),
    eq({<<"reject">>, <<"missing-claim">>}, verdict(verify("sunshine", NoScope, ?SUN_KEYS, 1000))).

kustomer_rules_test() ->
    Secret = <<"kustomer-secret-0123456789">>,
    Both = token(<<"{\"alg\":\"HS256\"}">>, <<"{\"externalId\":\"u1\",\"email\":\"a@example.com\",\"iat\":1000}">>, Secret),
    eq(#{<<"kind">> => <<"email">>, <<"value">> => <<"a@example.com">>}, maps:get(<<"identity">>, verify("kustomer", Both, ?KUS_KEYS, 1000))),
    NoIat = token(<<"{\"alg\":\"HS256\"}">>, <<"{\"externalId\":\"u1\"}">>, Secret),
    eq({<<"reject">>, <<"missing-claim">>}, verdict(verify("kustomer", NoIat, ?KUS_KEYS, 1000))),
    Old = token(<<"{\"alg\":\"HS256\"}">>, <<"{\"externalId\":\"u1\",\"iat\":1000}">>, Secret),
    eq({<<"reject">>, <<"issued-at-out-of-window">>}, verdict(verify("kustomer", Old, ?KUS_KEYS, 1901))),
    eq(<<"accept">>, maps:get(<<"result">>, verify("kustomer", Old, ?KUS_KEYS, 100))),
    BadType = token(<<"{\"alg\":\"HS256\",\"typ\":\"JOSE\"}">>, <<"{\"externalId\":\"u1\",\"iat\":1000}">>, Secret),
    eq({<<"reject">>, <<"invalid-header">>}, verdict(verify("kustomer", BadType, ?KUS_KEYS, 1000))).

kid_ignored_when_not_required_test() ->
    %% Kustomer does not require kid: a kid naming no key is ignored; the first key verifies.
    Keys = <<"[{\"kid\":null,\"secret\":\"kustomer-secret-0123456789\"},{\"kid\":null,\"secret\":\"replaced-secret\"}]">>,
    Claims = <<"{\"externalId\":\"u1\",\"iat\":1000}">>,
    Named = token(<<"{\"alg\":\"HS256\",\"kid\":\"previous\"}">>, Claims, <<"kustomer-secret-0123456789">>),
    eq(<<"accept">>, maps:get(<<"result">>, verify("kustomer", Named, Keys, 1000))),
    Second = token(<<"{\"alg\":\"HS256\"}">>, Claims, <<"replaced-secret">>),
    eq({<<"reject">>, <<"bad-signature">>}, verdict(verify("kustomer", Second, Keys, 1000))).

sign_then_verify_test() ->
    Signed = ask(<<"{\"op\":\"sign\",\"id\":\"s\",\"profile\":\"sunshine\",\"key\":{\"kid\":\"app_2\",\"secret\":\"second-secret-0123456789\"},"
                   "\"subject\":{\"externalId\":\"Jos\\u00e9\",\"email\":null},\"now\":1000,\"lifetime\":60}">>),
    Token = maps:get(<<"token">>, Signed),
    [Header | _] = binary:split(Token, <<".">>),
    #{<<"kid">> := <<"app_2">>, <<"alg">> := <<"HS256">>} = jiffy:decode(base64:decode(pad(Header)), [return_maps]),
    eq(#{<<"kind">> => <<"externalId">>, <<"value">> => <<"Jos", 16#c3, 16#a9>>},
                 maps:get(<<"identity">>, verify("sunshine", Token, ?SUN_KEYS, 1000))),
    eq({<<"reject">>, <<"expired">>}, verdict(verify("sunshine", Token, ?SUN_KEYS, 1060))).

pad(B64Url) ->
    Standard = << <<(case C of $- -> $+; $_ -> $/; _ -> C end)>> || <<C>> <= B64Url >>,
    case byte_size(Standard) rem 4 of 0 -> Standard; 2 -> <<Standard/binary, "==">>; 3 -> <<Standard/binary, "=">> end.

bad_requests_test() ->
    eq(<<"error">>, maps:get(<<"result">>, ask(<<"{\"op\":\"verify\",\"id\":\"x\",\"profile\":\"kustomer\",\"token\":\"a.b.c\",\"keys\":[]}">>))),
    eq(#{<<"id">> => <<"y">>, <<"result">> => <<"skip">>, <<"message">> => <<"unknown op refresh">>}, ask(<<"{\"op\":\"refresh\",\"id\":\"y\"}">>)),
    eq(<<"skip">>, maps:get(<<"result">>, ask(<<"{\"op\":\"verify\",\"id\":\"z\",\"profile\":\"other\",\"token\":\"a\",\"keys\":[],\"now\":1}">>))),
    eq({<<"reject">>, <<"malformed">>}, verdict(verify("kustomer", <<"not-a-token">>, ?KUS_KEYS, 1))),
    eq(<<"error">>, maps:get(<<"result">>, ask(<<"not json">>))).

%% The repository's profiles, plus acme (Kustomer's rules with the identity claim renamed to user_id
%% and typ required) and broken (a member no loader knows), in a new folder.
synthetic_profiles() ->
    Folder = filename:join("/tmp", "jose-testee-profiles-" ++ os:getpid()),
    ok = filelib:ensure_dir(filename:join(Folder, "x")),
    Root = filename:join([filename:dirname(filename:dirname(filename:absname(code:which(jose_testee)))), "..", "..", "Vectors", "profiles"]),
    Read = fun(Name) -> {ok, Text} = file:read_file(filename:join(Root, Name ++ ".json")), jiffy:decode(Text, [return_maps]) end,
    Write = fun(Name, Document) -> ok = file:write_file(filename:join(Folder, Name ++ ".json"), jiffy:encode(Document)) end,
    Write("kustomer", Read("kustomer")),
    Write("sunshine", Read("sunshine")),
    Kustomer = Read("kustomer"),
    Acme = Kustomer#{<<"id">> => <<"acme">>,
                     <<"identityClaims">> => [#{<<"claim">> => <<"user_id">>, <<"kind">> => <<"externalId">>}],
                     <<"header">> => (maps:get(<<"header">>, Kustomer))#{<<"typRequired">> => true}},
    Write("acme", Acme),
    Write("broken", Acme#{<<"id">> => <<"broken">>,
                          <<"expiration">> => #{<<"honoured">> => true, <<"required">> => false, <<"leeway">> => 30}}),
    Folder.

profiles_come_from_the_data_files_test() ->
    Hello = fun() -> maps:get(<<"profiles">>, ask(<<"{\"op\":\"hello\",\"protocol\":1}">>)) end,
    %% the repository's, found without the environment variable (later vendors may add more)
    true = lists:member(<<"kustomer">>, Hello()) andalso lists:member(<<"sunshine">>, Hello()),
    Folder = synthetic_profiles(),
    try
        jose_testee:use_profiles(Folder),
        eq([<<"acme">>, <<"kustomer">>, <<"sunshine">>], Hello()),
        Secret = <<"kustomer-secret-0123456789">>,
        Claims = <<"{\"user_id\":\"u-7\",\"iat\":990}">>,
        Old = <<"{\"externalId\":\"u-7\",\"iat\":990}">>,
        Typed = <<"{\"alg\":\"HS256\",\"typ\":\"JWT\"}">>,
        Bare = <<"{\"alg\":\"HS256\"}">>,
        eq(#{<<"kind">> => <<"externalId">>, <<"value">> => <<"u-7">>},
           maps:get(<<"identity">>, verify("acme", token(Typed, Claims, Secret), ?KUS_KEYS, 1000))),
        eq({<<"reject">>, <<"invalid-header">>}, verdict(verify("acme", token(Bare, Claims, Secret), ?KUS_KEYS, 1000))),
        eq({<<"reject">>, <<"missing-claim">>}, verdict(verify("acme", token(Typed, Old, Secret), ?KUS_KEYS, 1000))),
        eq(<<"accept">>, maps:get(<<"result">>, verify("kustomer", token(Bare, Old, Secret), ?KUS_KEYS, 1000))),
        eq(<<"skip">>, maps:get(<<"result">>, verify("broken", token(Typed, Claims, Secret), ?KUS_KEYS, 1000))),
        Signed = ask(<<"{\"op\":\"sign\",\"id\":\"s\",\"profile\":\"acme\",\"key\":{\"kid\":null,\"secret\":\"kustomer-secret-0123456789\"},",
                       "\"subject\":{\"externalId\":\"u-8\",\"email\":null},\"now\":1000}">>),
        [_, Payload, _] = binary:split(maps:get(<<"token">>, Signed), <<".">>, [global]),
        Padded = << <<(case C of $- -> $+; $_ -> $/; _ -> C end)>> || <<C>> <= Payload >>,
        Decoded = jiffy:decode(base64:decode(<<Padded/binary, (binary:copy(<<"=">>, (4 - byte_size(Padded) rem 4) rem 4))/binary>>), [return_maps]),
        eq(<<"u-8">>, maps:get(<<"user_id">>, Decoded)),
        eq(false, maps:is_key(<<"externalId">>, Decoded))
    after
        jose_testee:use_profiles(filename:join([filename:dirname(filename:dirname(filename:absname(code:which(jose_testee)))), "..", "..", "Vectors", "profiles"])),
        file:del_dir_r(Folder)
    end.
