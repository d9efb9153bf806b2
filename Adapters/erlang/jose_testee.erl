%% The jwt-conformance testee (protocol version 1, PROTOCOL.md) for erlang-jose (JOSE for Erlang,
%% https://github.com/potatosalad/erlang-jose), as Debian packages it (erlang-jose 1.11.5, with
%% erlang-jiffy 1.1.1 as its JSON module), compiled by Adapters/erlang/build.sh and run with
%%   erl -noinput -pa Adapters/erlang/.bin -run jose_testee main
%%
%% What jose does here (its own code, its own deviations):
%%   - parsing: splitting (jose_jws do_expand), base64url (jose_jwa_base64url, jose_base64url) and
%%     the JSON of the header and the payload (jose:decode, that is jiffy); also how the adapter
%%     reads the header (jose_jws:peek_protected);
%%   - the alg allow-list: jose_jwt:verify_strict(JWK, [<<"HS256">>], Token);
%%   - HMAC-SHA-256 with the secret's UTF-8 bytes as the key (jose_jwk:from_oct(Secret)), any length.
%% jose has no claim validation (nothing in it reads exp, nbf or iat), so this adapter checks them
%% at the request's now, as Adapters/c/testee_common.c check_times does for libjwt, on the numbers
%% jiffy read (Erlang integers, exact at any size, or floats). It also adds the profile rules of
%% Adapters/python/testee_common.py, each from the profile's data file (Vectors/profiles/*.json, read
%% by load_profiles): typ the profile's ("JWT") when present, and present when typRequired; kid
%% present and a string when keyIdRequired (Sunshine); key selection by kid; identity claims in the
%% profile's precedence (JSON strings of Unicode text, non-empty; Kustomer email before externalId);
%% the scope rule (Sunshine scope "user"); a required iat (Kustomer) or exp; the iat window (Kustomer
%% 900 s either side).
%% jose reads no clock, so now goes to the adapter's checks only.
%% Errors are mapped to reasons only where certain; otherwise the rejection has no reason.
-module(jose_testee).

-export([main/0, main/1, answer/1, use_profiles/1]).

-include_lib("jose/include/jose_jwt.hrl").
-include_lib("jose/include/jose_jws.hrl").

%% --- profiles -------------------------------------------------------------------------------
%% Read from the data files Vectors/profiles/*.json (shape: Vectors/schema/profile.schema.json), or
%% from the folder $JWT_CONFORMANCE_PROFILES names. A file with a member this loader does not know,
%% a value of the wrong type, or a rule the adapters leave to their library in a form no library
%% here is configured for, is not loaded: a note on stderr names the file and the member, and the
%% profile is not declared in hello (Adapters/README.md).

-record(profile, {name, typ, typ_required, kid_required, identity, scope, iat_required, iat_window, exp_required}).

%% The profiles this testee declares, by id: loaded once, from profiles_folder().
profiles() ->
    case persistent_term:get({?MODULE, profiles}, undefined) of
        undefined -> use_profiles(profiles_folder());
        Profiles -> Profiles
    end.

%% Loads the profiles of Folder for the requests that follow; returns them.
use_profiles(Folder) ->
    Profiles = load_profiles(Folder),
    persistent_term:put({?MODULE, profiles}, Profiles),
    Profiles.

%% $JWT_CONFORMANCE_PROFILES, or the repository's Vectors/profiles, found from this module's place
%% (Adapters/erlang/.bin/jose_testee.beam).
profiles_folder() ->
    case os:getenv("JWT_CONFORMANCE_PROFILES") of
        Folder when is_list(Folder), Folder =/= "" -> Folder;
        _ -> filename:join([filename:dirname(filename:dirname(filename:dirname(filename:dirname(
                 filename:absname(code:which(?MODULE)))))), "Vectors", "profiles"])
    end.

load_profiles(Folder) ->
    case file:list_dir(Folder) of
        {error, Why} ->
            io:format(standard_error, "profiles: cannot read the folder ~ts: ~p; no profile is declared~n", [Folder, Why]),
            #{};
        {ok, Names} ->
            lists:foldl(fun(Name, Profiles) ->
                Path = filename:join(Folder, Name),
                try profile_from_json(read_json(Path), Path) of
                    #profile{name = Id} when is_map_key(Id, Profiles) ->
                        io:format(standard_error, "profiles: ~ts repeats the id ~ts; it is not declared~n", [Path, Id]),
                        Profiles;
                    #profile{name = Id} = Profile -> Profiles#{Id => Profile}
                catch throw:{profile_error, Message} ->
                    io:format(standard_error, "profiles: ~ts; the profile is not declared~n", [Message]),
                    Profiles
                end
            end, #{}, lists:sort([N || N <- Names, filename:extension(N) =:= ".json"]))
    end.

read_json(Path) ->
    case file:read_file(Path) of
        {ok, Text} ->
            try jiffy:decode(Text, [return_maps])
            catch _:_ -> throw({profile_error, text("~ts is not JSON", [Path])})
            end;
        {error, Why} -> throw({profile_error, text("~ts is not read: ~p", [Path, Why])})
    end.

profile_from_json(Top, Where) ->
    Fail = fun(Member, Problem) -> throw({profile_error, text("~ts: member \"~ts\" ~ts", [Where, Member, Problem])}) end,
    Object = fun(Value, Member, Known, Required) ->
        is_map(Value) orelse Fail(Member, "must be an object"),
        Path = fun(N) -> case Member of <<>> -> N; _ -> <<Member/binary, ".", N/binary>> end end,
        [Fail(Path(N), "is not known to this adapter, which cannot honour it") || N <- lists:sort(maps:keys(Value)), not lists:member(N, Known)],
        [Fail(Path(N), "is missing") || N <- Required, not maps:is_key(N, Value)],
        Value
    end,
    Str = fun(Value, Member) -> is_binary(Value) orelse Fail(Member, "must be a string"), Value end,
    Bool = fun(Value, Member) -> is_boolean(Value) orelse Fail(Member, "must be a boolean"), Value end,
    Strs = fun(Value, Member) ->
        (is_list(Value) andalso lists:all(fun is_binary/1, Value)) orelse Fail(Member, "must be an array of strings"),
        Value
    end,
    _ = Object(Top, <<>>, [<<"$schema">>, <<"id">>, <<"title">>, <<"sources">>, <<"algorithms">>, <<"header">>,
                           <<"identityClaims">>, <<"scope">>, <<"issuedAt">>, <<"expiration">>, <<"notBefore">>,
                           <<"name">>, <<"idPrefix">>, <<"session">>],
               [<<"id">>, <<"title">>, <<"sources">>, <<"algorithms">>, <<"header">>, <<"identityClaims">>,
                <<"expiration">>, <<"notBefore">>]),
    Name = Str(maps:get(<<"id">>, Top), <<"id">>),
    Name =/= <<>> orelse Fail(<<"id">>, "must not be empty"),
    Strs(maps:get(<<"algorithms">>, Top), <<"algorithms">>) =:= [<<"HS256">>] orelse
        Fail(<<"algorithms">>, "is not [\"HS256\"]: the adapters restrict their library to HS256 and support exactly [\"HS256\"]"),
    Header = Object(maps:get(<<"header">>, Top), <<"header">>,
                    [<<"typ">>, <<"typRequired">>, <<"keyIdRequired">>, <<"understoodCriticalParameters">>],
                    [<<"typRequired">>, <<"keyIdRequired">>, <<"understoodCriticalParameters">>]),
    Typ = case maps:get(<<"typ">>, Header, null) of null -> undefined; T -> Str(T, <<"header.typ">>) end,
    Strs(maps:get(<<"understoodCriticalParameters">>, Header), <<"header.understoodCriticalParameters">>) =:= [] orelse
        Fail(<<"header.understoodCriticalParameters">>, "is not empty: crit is the library's check, and no library here is told of understood extensions"),
    Claims = maps:get(<<"identityClaims">>, Top),
    is_list(Claims) orelse Fail(<<"identityClaims">>, "must be an array"),
    Identity = [begin
                    Member = text("identityClaims[~b]", [Index]),
                    Rule = Object(Value, Member, [<<"claim">>, <<"kind">>], [<<"claim">>, <<"kind">>]),
                    Kind = Str(maps:get(<<"kind">>, Rule), <<Member/binary, ".kind">>),
                    lists:member(Kind, [<<"email">>, <<"externalId">>]) orelse
                        Fail(<<Member/binary, ".kind">>, "is not \"email\" or \"externalId\""),
                    {Str(maps:get(<<"claim">>, Rule), <<Member/binary, ".claim">>), Kind}
                end || {Index, Value} <- lists:zip(lists:seq(0, length(Claims) - 1), Claims)],
    Scope = case maps:get(<<"scope">>, Top, null) of
        null -> undefined;
        ScopeValue ->
            ScopeRule = Object(ScopeValue, <<"scope">>, [<<"claim">>, <<"value">>], [<<"claim">>, <<"value">>]),
            {Str(maps:get(<<"claim">>, ScopeRule), <<"scope.claim">>), Str(maps:get(<<"value">>, ScopeRule), <<"scope.value">>)}
    end,
    {IatRequired, IatWindow} = case maps:get(<<"issuedAt">>, Top, null) of
        null -> {false, undefined};
        IssuedAt ->
            IatRule = Object(IssuedAt, <<"issuedAt">>, [<<"required">>, <<"maximumAge">>, <<"maximumFutureSkew">>],
                             [<<"required">>, <<"maximumAge">>, <<"maximumFutureSkew">>]),
            [(is_integer(maps:get(B, IatRule)) andalso abs(maps:get(B, IatRule)) =< 9223372036854775807) orelse
                 Fail(<<"issuedAt.", B/binary>>, "must be a 64-bit integer") || B <- [<<"maximumAge">>, <<"maximumFutureSkew">>]],
            {Bool(maps:get(<<"required">>, IatRule), <<"issuedAt.required">>),
             {maps:get(<<"maximumAge">>, IatRule), maps:get(<<"maximumFutureSkew">>, IatRule)}}
    end,
    Expiration = Object(maps:get(<<"expiration">>, Top), <<"expiration">>, [<<"honoured">>, <<"required">>], [<<"honoured">>, <<"required">>]),
    Bool(maps:get(<<"honoured">>, Expiration), <<"expiration.honoured">>) orelse
        Fail(<<"expiration.honoured">>, "is false: exp is the adapter's check here, and it honours exp always"),
    NotBefore = Object(maps:get(<<"notBefore">>, Top), <<"notBefore">>, [<<"honoured">>], [<<"honoured">>]),
    Bool(maps:get(<<"honoured">>, NotBefore), <<"notBefore.honoured">>) orelse
        Fail(<<"notBefore.honoured">>, "is false: nbf is the adapter's check here, and it honours nbf always"),
    #profile{name = Name, typ = Typ, typ_required = Bool(maps:get(<<"typRequired">>, Header), <<"header.typRequired">>),
             kid_required = Bool(maps:get(<<"keyIdRequired">>, Header), <<"header.keyIdRequired">>),
             identity = Identity, scope = Scope, iat_required = IatRequired, iat_window = IatWindow,
             exp_required = Bool(maps:get(<<"required">>, Expiration), <<"expiration.required">>)}.

stage(<<"malformed">>) -> 1;
stage(<<"algorithm-not-allowed">>) -> 2;
stage(<<"invalid-header">>) -> 2;
stage(<<"unknown-key">>) -> 3;
stage(<<"bad-signature">>) -> 4;
stage(<<"missing-claim">>) -> 5;
stage(<<"invalid-claim-type">>) -> 5;
stage(<<"invalid-claim-value">>) -> 5;
stage(<<"expired">>) -> 6;
stage(<<"not-yet-valid">>) -> 6;
stage(<<"issued-at-out-of-window">>) -> 6;
stage(undefined) -> 99.

%% --- the loop -------------------------------------------------------------------------------

main() -> main([]).

main(_) ->
    %% stdin and stdout as raw bytes (erl -noinput leaves fd 0 alone): one request a line.
    Port = open_port({fd, 0, 1}, [binary, {line, 1 bsl 16}, eof]),
    loop(Port, []).

loop(Port, Partial) ->
    receive
        {Port, {data, {noeol, Part}}} ->
            loop(Port, [Partial, Part]);
        {Port, {data, {eol, Part}}} ->
            Line = iolist_to_binary([Partial, Part]),
            case string:trim(Line) of
                <<>> -> ok;
                _ -> port_command(Port, [encode(answer(Line)), $\n])
            end,
            loop(Port, []);
        {Port, eof} ->
            erlang:halt(0)
    end.

encode(Response) ->
    try jiffy:encode(Response)
    catch Class:Reason ->
        jiffy:encode(#{<<"id">> => maps:get(<<"id">>, Response, null), <<"result">> => <<"error">>,
                       <<"message">> => iolist_to_binary(io_lib:format("unserialisable response: ~p:~p", [Class, Reason]))})
    end.

%% --- requests -------------------------------------------------------------------------------

answer(Line) ->
    try jiffy:decode(Line, [return_maps]) of
        Request when is_map(Request) ->
            try handle(Request)
            catch
                throw:{skip, Message} -> declined(Request, <<"skip">>, Message);
                throw:{error, Message} -> declined(Request, <<"error">>, Message);
                Class:Reason:Stack ->
                    io:format(standard_error, "request failed: ~p:~p ~p~n", [Class, Reason, Stack]),
                    declined(Request, <<"error">>, text("unexpected ~p:~p", [Class, Reason]))
            end;
        _ -> declined(#{}, <<"error">>, <<"the request line is not a JSON object">>)
    catch _:_ -> declined(#{}, <<"error">>, <<"the request line is not JSON">>)
    end.

declined(Request, Result, Message) ->
    Id = case maps:get(<<"id">>, Request, null) of
        Value when is_binary(Value); is_number(Value); is_boolean(Value) -> Value;
        _ -> null
    end,
    #{<<"id">> => Id, <<"result">> => Result, <<"message">> => Message}.

text(Format, Arguments) -> iolist_to_binary(io_lib:format(Format, Arguments)).

handle(#{<<"op">> := <<"hello">>} = Request) ->
    case maps:get(<<"protocol">>, Request, null) of
        P when is_integer(P), P >= 1 -> ok;
        _ -> throw({error, <<"only protocol 1 is supported">>})
    end,
    #{<<"ok">> => true, <<"protocol">> => 1,
      <<"implementation">> => #{<<"name">> => <<"erlang-jose">>, <<"version">> => library_version(), <<"language">> => <<"erlang">>},
      <<"roles">> => [<<"verifier">>, <<"signer">>], <<"profiles">> => lists:sort(maps:keys(profiles()))};
handle(#{<<"op">> := <<"verify">>} = Request) ->
    Profile = profile(Request),
    Token = case maps:get(<<"token">>, Request, null) of
        T when is_binary(T) -> T;
        _ -> throw({error, <<"'token' must be a string">>})
    end,
    RawKeys = case maps:get(<<"keys">>, Request, null) of
        K when is_list(K) -> K;
        _ -> throw({error, <<"'keys' must be an array">>})
    end,
    Keys = [key(Raw, text("keys[~b]", [Index])) || {Index, Raw} <- lists:zip(lists:seq(0, length(RawKeys) - 1), RawKeys)],
    Now = integer(Request, <<"now">>, required),
    Id = maps:get(<<"id">>, Request, null),
    case verify(Profile, Token, Keys, Now) of
        {accept, Identity} -> #{<<"id">> => Id, <<"result">> => <<"accept">>, <<"identity">> => Identity};
        {reject, undefined, Message} -> #{<<"id">> => Id, <<"result">> => <<"reject">>, <<"message">> => Message};
        {reject, Reason, Message} -> #{<<"id">> => Id, <<"result">> => <<"reject">>, <<"reason">> => Reason, <<"message">> => Message}
    end;
handle(#{<<"op">> := <<"sign">>} = Request) ->
    Profile = profile(Request),
    Key = key(maps:get(<<"key">>, Request, null), <<"key">>),
    Subject = case maps:get(<<"subject">>, Request, null) of
        null -> #{};
        S when is_map(S) -> S;
        _ -> throw({error, <<"'subject' must be an object">>})
    end,
    Now = integer(Request, <<"now">>, required),
    Lifetime = integer(Request, <<"lifetime">>, optional),
    #{<<"id">> => maps:get(<<"id">>, Request, null), <<"token">> => sign(Profile, Key, Subject, Now, Lifetime)};
handle(Request) ->
    throw({skip, text("unknown op ~s", [op_name(maps:get(<<"op">>, Request, null))])}).

op_name(Op) when is_binary(Op) -> Op;
op_name(_) -> <<"(none)">>.

profile(Request) ->
    case maps:get(<<"profile">>, Request, null) of
        Name when is_binary(Name) ->
            case maps:find(Name, profiles()) of
                {ok, Profile} -> Profile;
                error -> throw({skip, text("profile ~p is not implemented by this testee", [Name])})
            end;
        _ -> throw({error, <<"the request has no profile">>})
    end.

key(Value, Where) when is_map(Value) ->
    Secret = case maps:get(<<"secret">>, Value, null) of
        S when is_binary(S) -> S;
        _ -> throw({error, <<Where/binary, ".secret must be a string">>})
    end,
    Kid = case maps:get(<<"kid">>, Value, null) of
        K when is_binary(K); K =:= null -> K;
        _ -> throw({error, <<Where/binary, ".kid must be a string or null">>})
    end,
    {Kid, Secret};
key(_, Where) ->
    throw({error, <<Where/binary, " must be an object">>}).

integer(Request, Name, Required) ->
    case {maps:get(Name, Request, null), Required} of
        {null, required} -> throw({error, text("the request has no ~p (a testee never reads the wall clock)", [Name])});
        {null, optional} -> undefined;
        {N, _} when is_integer(N) -> N;
        _ -> throw({error, text("~p must be an integer", [Name])})
    end.

library_version() ->
    _ = application:load(jose),
    case application:get_key(jose, vsn) of
        {ok, Version} -> list_to_binary(Version);
        undefined -> <<"unknown">>
    end.

%% --- verification ---------------------------------------------------------------------------

verify(Profile, Token, Keys, Now) ->
    try verify_token(Profile, Token, Keys, Now)
    catch throw:{reject, Reason, Message} -> {reject, Reason, Message}
    end.

reject(Reason, Message) -> throw({reject, Reason, Message}).

verify_token(Profile, Token, Keys, Now) ->
    %% The header as jose reads it; a token jose cannot read a header from is malformed.
    Header = try jose:decode(jose_jws:peek_protected(Token))
             catch _:Why -> reject(<<"malformed">>, text("jose cannot read the header: ~P", [Why, 8]))
             end,
    is_map(Header) orelse reject(<<"malformed">>, <<"the header is not a JSON object">>),
    HeaderDefect = check_header(Header, Profile),
    {Key, KeyDefect} = select_key(Header, Keys, Profile),
    Secret = case Key of
        {_, S} -> S;
        undefined -> <<0, "no key matches this token", 0>>
    end,
    Result = try jose_jwt:verify_strict(jose_jwk:from_oct(Secret), [<<"HS256">>], Token)
             catch _:Error -> {raised, Error}
             end,
    case Result of
        {true, #jose_jwt{fields = Claims}, _} ->
            first_defect([HeaderDefect, KeyDefect]),
            is_map(Claims) orelse reject(<<"malformed">>, <<"the payload is not a JSON object">>),
            Identity = resolve_identity(Claims, Profile),
            check_scope(Claims, Profile),
            check_iat_required(Claims, Profile),
            check_times(Claims, Profile, Now),
            {accept, Identity};
        _ ->
            {Reason, Message} = refusal(Result, Header, Token),
            case stage(Reason) =< 2 of
                true -> reject(Reason, Message);
                false -> first_defect([HeaderDefect, KeyDefect]), reject(Reason, Message)
            end
    end.

first_defect([]) -> ok;
first_defect([undefined | Rest]) -> first_defect(Rest);
first_defect([{Reason, Message} | _]) -> reject(Reason, Message).

%% Why jose_jwt:verify_strict refused, where certain.
refusal({false, _, #jose_jws{}}, _Header, Token) ->
    %% The MAC does not match (jose_jws_alg_hmac:verify); certain only for a canonical segment.
    [_, _, Signature] = binary:split(Token, <<".">>, [global]),
    case canonical_hs256_signature(Signature) of
        true -> {<<"bad-signature">>, <<"jose: the signature does not verify">>};
        false -> {undefined, <<"jose: the signature does not verify (its segment is not a base64url HMAC-SHA-256)">>}
    end;
refusal({false, _, Map}, Header, _Token) when is_map(Map) ->
    %% jose_jws:verify_strict: alg is missing or not in the allow-list.
    case maps:get(<<"alg">>, Header, undefined) of
        undefined -> {undefined, <<"jose refuses a header without alg">>};
        Alg -> {<<"algorithm-not-allowed">>, text("jose refuses alg ~P (only HS256 is allowed)", [Alg, 8])}
    end;
refusal({raised, Error}, _Header, Token) ->
    %% The payload segment jose cannot decode is malformed; otherwise the cause is not certain.
    case catch jose_jwt:peek_payload(Token) of
        #jose_jwt{} -> {undefined, text("jose raised ~P", [Error, 8])};
        _ -> {<<"malformed">>, text("jose cannot decode the payload: ~P", [Error, 8])}
    end;
refusal(Other, _Header, _Token) ->
    {undefined, text("jose answered ~P", [Other, 8])}.

canonical_hs256_signature(Signature) ->
    byte_size(Signature) =:= 43 andalso
        lists:all(fun(C) -> (C >= $A andalso C =< $Z) orelse (C >= $a andalso C =< $z) orelse
                            (C >= $0 andalso C =< $9) orelse C =:= $- orelse C =:= $_ end, binary_to_list(Signature)) andalso
        lists:member(binary:last(Signature), "AEIMQUYcgkosw048").

%% --- the adapter's rules --------------------------------------------------------------------

type_name(null) -> "null";
type_name(V) when is_boolean(V) -> "a boolean";
type_name(V) when is_number(V) -> "a number";
type_name(V) when is_binary(V) -> "a string";
type_name(V) when is_list(V) -> "an array";
type_name(V) when is_map(V) -> "an object".

same_media_type(Value, Expected) ->
    Normalized = fun(T) ->
        Full = case binary:match(T, <<"/">>) of nomatch -> <<"application/", T/binary>>; _ -> T end,
        << <<(case C >= $A andalso C =< $Z of true -> C + 32; false -> C end)>> || <<C>> <= Full >>
    end,
    Normalized(Value) =:= Normalized(Expected).

check_header(Header, #profile{typ = undefined} = Profile) -> check_kid(Header, Profile);
check_header(Header, #profile{typ = Expected} = Profile) ->
    case maps:find(<<"typ">>, Header) of
        {ok, Typ} when not is_binary(Typ) -> {<<"invalid-header">>, text("typ is ~s, not a string", [type_name(Typ)])};
        {ok, Typ} ->
            case same_media_type(Typ, Expected) of
                true -> check_kid(Header, Profile);
                false -> {<<"invalid-header">>, text("typ ~p is not ~p", [Typ, Expected])}
            end;
        error when Profile#profile.typ_required -> {<<"invalid-header">>, text("the header has no typ (expected ~p)", [Expected])};
        error -> check_kid(Header, Profile)
    end.

check_kid(_Header, #profile{kid_required = false}) -> undefined;
check_kid(Header, _Profile) ->
    case maps:find(<<"kid">>, Header) of
        error -> {<<"invalid-header">>, <<"Missing key id (kid)">>};
        {ok, Kid} when is_binary(Kid) -> undefined;
        {ok, Kid} -> {<<"invalid-header">>, text("kid is ~s, not a string", [type_name(Kid)])}
    end.

%% When the profile requires kid, a string kid naming a key selects it and nothing else does.
%% Otherwise the token does not name its key: kid is ignored and the key set's first key is used
%% (AMB-IC-KEYS: the first, current secret is the one required).
select_key(_Header, [], _Profile) -> {undefined, {<<"unknown-key">>, <<"the key set is empty">>}};
select_key(_Header, [First | _], #profile{kid_required = false}) -> {First, undefined};
select_key(Header, Keys, _Profile) ->
    Kid = maps:get(<<"kid">>, Header, undefined),
    Named = [Key || {KeyKid, _} = Key <- Keys, is_binary(Kid), KeyKid =:= Kid],
    case Named of
        [Key | _] -> {Key, undefined};
        [] when is_binary(Kid) -> {undefined, {<<"unknown-key">>, text("no key has kid ~p", [Kid])}};
        [] -> {undefined, {<<"unknown-key">>, <<"no key can be selected without a string kid">>}}
    end.

resolve_identity(Claims, Profile) ->
    Found = lists:foldl(fun({Claim, Kind}, Identity) ->
        case maps:find(Claim, Claims) of
            error -> Identity;
            {ok, Value} when not is_binary(Value) ->
                reject(<<"invalid-claim-type">>, text("claim ~p is ~s, not a string", [Claim, type_name(Value)]));
            {ok, <<>>} -> reject(<<"invalid-claim-value">>, text("claim ~p is an empty string", [Claim]));
            {ok, Value} ->
                case unicode:characters_to_binary(Value) of
                    Value -> ok;
                    _ -> reject(<<"invalid-claim-value">>, text("claim ~p is not Unicode text", [Claim]))
                end,
                case Identity of
                    undefined -> #{<<"kind">> => Kind, <<"value">> => Value};
                    _ -> Identity
                end
        end
    end, undefined, Profile#profile.identity),
    Found =/= undefined orelse reject(<<"missing-claim">>, <<"the payload has none of the profile's identity claims">>),
    Found.

check_scope(_Claims, #profile{scope = undefined}) -> ok;
check_scope(Claims, #profile{scope = {Claim, Scope}}) ->
    case maps:find(Claim, Claims) of
        error -> reject(<<"missing-claim">>, text("the payload has no ~p claim", [Claim]));
        {ok, Scope} -> ok;
        {ok, Value} when is_binary(Value) -> reject(<<"invalid-claim-value">>, text("claim ~p is ~p, not ~p", [Claim, Value, Scope]));
        {ok, Value} -> reject(<<"invalid-claim-type">>, text("claim ~p is ~s, not a string", [Claim, type_name(Value)]))
    end.

%% A required iat (Kustomer) or exp: the claims stage.
check_iat_required(Claims, Profile) ->
    Profile#profile.iat_required =/= true orelse maps:is_key(<<"iat">>, Claims) orelse
        reject(<<"missing-claim">>, <<"the payload has no \"iat\" claim">>),
    Profile#profile.exp_required =/= true orelse maps:is_key(<<"exp">>, Claims) orelse
        reject(<<"missing-claim">>, <<"the payload has no \"exp\" claim">>),
    ok.

%% exp, nbf and iat at now (RFC 7519 §4.1.4-6), on the numbers jiffy read: types first (the claims
%% stage), then the profile's iat window (Kustomer: 900 s either side), exp, nbf, as the reference
%% orders them.
check_times(Claims, Profile, Now) ->
    [reject(<<"invalid-claim-type">>, text("claim ~p is ~s, not a NumericDate number", [Name, type_name(V)]))
     || Name <- [<<"iat">>, <<"exp">>, <<"nbf">>], {ok, V} <- [maps:find(Name, Claims)], not is_number(V)],
    case {maps:find(<<"iat">>, Claims), Profile#profile.iat_window} of
        {{ok, Iat}, {MaxAge, MaxFuture}} ->
            floor(Iat) >= Now - MaxAge orelse
                reject(<<"issued-at-out-of-window">>, text("iat is more than ~b s before now (~b)", [MaxAge, Now])),
            ceil(Iat) =< Now + MaxFuture orelse
                reject(<<"issued-at-out-of-window">>, text("iat is more than ~b s after now (~b)", [MaxFuture, Now]));
        _ -> ok
    end,
    case maps:find(<<"exp">>, Claims) of
        {ok, Exp} -> ceil(Exp) > Now orelse reject(<<"expired">>, text("exp is at or before now (~b)", [Now]));
        error -> ok
    end,
    case maps:find(<<"nbf">>, Claims) of
        {ok, Nbf} -> ceil(Nbf) =< Now orelse reject(<<"not-yet-valid">>, text("nbf is after now (~b)", [Now]));
        error -> ok
    end.

%% --- signing --------------------------------------------------------------------------------

sign(Profile, {Kid, Secret}, Subject, Now, Lifetime) ->
    Identity = maps:from_list([{Claim, Value} || {Claim, Kind} <- Profile#profile.identity,
                                                {ok, Value} <- [maps:find(Kind, Subject)], Value =/= null]),
    maps:size(Identity) > 0 orelse throw({error, <<"the subject has no identifier the profile has a claim for">>}),
    maps:fold(fun(_, V, _) when is_binary(V), V =/= <<>> -> ok;
                 (C, _, _) -> throw({error, text("the subject's identifier for claim ~p must be a non-empty string", [C])})
              end, ok, Identity),
    Scope = case Profile#profile.scope of undefined -> #{}; {C, S} -> #{C => S} end,
    Expiry = case Lifetime of
        undefined -> #{};
        L when L > 0 -> #{<<"exp">> => Now + L};
        L -> throw({error, text("lifetime ~b must be positive", [L])})
    end,
    Claims = maps:merge(maps:merge(Identity, Scope), Expiry#{<<"iat">> => Now}),
    KidMember = case {Profile#profile.kid_required, Kid} of
        {false, _} -> #{};
        {true, null} -> throw({error, <<"the profile requires a key id (kid) and the key has none">>});
        {true, _} -> #{<<"kid">> => Kid}
    end,
    Header = case Profile#profile.typ of
        %% jose_jwt:sign writes typ "JWT" into a header that has none.
        undefined -> throw({error, text("jose writes typ \"JWT\" when given none, and profile ~ts wants no typ", [Profile#profile.name])});
        Typ -> KidMember#{<<"alg">> => <<"HS256">>, <<"typ">> => Typ}
    end,
    {_, Token} = jose_jws:compact(jose_jwt:sign(jose_jwk:from_oct(Secret), Header, Claims)),
    Token.
