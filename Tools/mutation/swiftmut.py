"""Source-level mutation of Swift code by mutant schemata (standard library only).

`find_sites` lexes a Swift file and finds mutation sites; `rewrite` turns the file into one
schema in which every mutant is present and chosen at run time by `MutationSwitch.isActive(id)`.
The lexer and the extent rules cover the Swift the reference implementation is written in; a site
the rules get wrong fails to compile and is dropped by the driver (see mutate.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

OPERATOR_CHARS = set("/=-+!*%<>&|^~?")
KEYWORDS_ENDING_CONDITIONS = {"else"}
DECL_KEYWORDS = {"func", "init", "subscript", "var", "let", "struct", "enum", "extension", "class", "protocol", "actor"}
MODIFIERS = {"public", "private", "fileprivate", "internal", "static", "lazy", "nonisolated", "mutating", "override", "final"}
TYPE_KEYWORDS = {"struct", "enum", "extension", "class", "protocol", "actor"}
CONTROL_KEYWORDS = {"if", "else", "for", "while", "switch", "do", "repeat", "catch", "defer", "guard"}
NON_STATEMENT_STARTS = {
    "let", "var", "if", "guard", "for", "while", "switch", "return", "throw", "case", "default", "func",
    "init", "self", "super", "break", "continue", "fallthrough", "defer", "do", "repeat", "else", "import",
    "struct", "enum", "extension", "class", "protocol", "private", "fileprivate", "public", "internal",
    "static", "mutating", "nonisolated", "typealias", "where", "in", "catch", "get", "set", "willSet", "didSet",
}

# Operator identities, as named in reports and in the reviewed list.
RELATIONAL = "relational"          # < <= > >= == != : the boundary or the negation
LOGICAL = "logical"                # && <-> ||
INTEGER = "integer-constant"       # n -> n+1, n -> n-1
CHARACTER = "byte-constant"        # UInt8(ascii: "x") -> +1 / -1
STRING = "string-literal"          # "x" -> "" and "" -> "mutant"
BOOLEAN = "boolean-literal"        # true <-> false
GUARD = "guard-forced-true"        # a guard condition forced true
IF_NEGATED = "if-negated"          # an if condition negated (branches swapped)
RETURN = "return-deleted"          # a return statement skipped
THROW = "throw-deleted"            # a throw statement skipped
STATEMENT = "statement-deleted"    # a call or compound assignment statement skipped
LOOP_LAST = "loop-drop-last"       # for x in s -> for x in s.dropLast(1)
LOOP_FIRST = "loop-drop-first"     # for x in s -> for x in s.dropFirst(1)

OPERATORS = [RELATIONAL, LOGICAL, INTEGER, CHARACTER, STRING, BOOLEAN, GUARD, IF_NEGATED,
             RETURN, THROW, STATEMENT, LOOP_LAST, LOOP_FIRST]

RELATIONAL_MUTATION = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
LOGICAL_MUTATION = {"&&": "||", "||": "&&"}
STATEMENT_DELETION = {RETURN, THROW, STATEMENT}


@dataclasses.dataclass
class Token:
    kind: str      # ident, number, string, op, punct
    text: str
    start: int
    end: int
    line: int
    nl_before: bool = False
    ws_before: bool = False
    ws_after: bool = False
    interpolated: bool = False
    multiline: bool = False


class LexError(Exception):
    pass


def _skip_string(src: str, i: int) -> tuple[int, bool, bool]:
    """Returns (end, has_interpolation, multiline) for a string literal starting at `i`."""
    hashes = 0
    while src[i] == "#":
        hashes += 1
        i += 1
    multiline = src.startswith('"""', i)
    quote = '"""' if multiline else '"'
    i += len(quote)
    closing = quote + "#" * hashes
    escape = "\\" + "#" * hashes
    interpolated = False
    while i < len(src):
        if src.startswith(closing, i):
            return i + len(closing), interpolated, multiline
        if src.startswith(escape, i):
            i += len(escape)
            if i < len(src) and src[i] == "(":
                interpolated = True
                i = _skip_interpolation(src, i)
            else:
                i += 1
            continue
        if src[i] == "\n" and not multiline:
            raise LexError("unterminated string literal")
        i += 1
    raise LexError("unterminated string literal")


def _skip_interpolation(src: str, i: int) -> int:
    """Skips `( ... )` of an interpolation, strings and comments inside included."""
    depth = 0
    while i < len(src):
        c = src[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == '"' or (c == "#" and src.startswith('#"', i)):
            i, _, _ = _skip_string(src, i)
            continue
        i += 1
    raise LexError("unterminated interpolation")


def tokenize(src: str) -> list[Token]:
    tokens: list[Token] = []
    i, line, n = 0, 1, len(src)
    nl, ws = False, False
    while i < n:
        c = src[i]
        if c == "\n":
            nl, ws = True, True
            line += 1
            i += 1
            continue
        if c in " \t\r":
            ws = True
            i += 1
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            ws = True
            continue
        if src.startswith("/*", i):
            depth, j = 0, i
            while j < n:
                if src.startswith("/*", j):
                    depth += 1
                    j += 2
                elif src.startswith("*/", j):
                    depth -= 1
                    j += 2
                    if depth == 0:
                        break
                else:
                    j += 1
            line += src.count("\n", i, j)
            i, ws = j, True
            continue
        start = i
        kind = "punct"
        interpolated = multiline = False
        if c == '"' or (c == "#" and re.match(r'#+"', src[i:i + 8])):
            i, interpolated, multiline = _skip_string(src, i)
            kind = "string"
        elif c.isalpha() or c == "_" or c == "$":
            m = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*").match(src, i)
            i = m.end()
            kind = "ident"
        elif c == "`":
            i = src.index("`", i + 1) + 1
            kind = "ident"
        elif c.isdigit():
            m = re.compile(r"0x[0-9A-Fa-f_]+|0b[01_]+|0o[0-7_]+|[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9_]+)?").match(src, i)
            i = m.end()
            kind = "number"
        elif c == "." and src.startswith("..", i):
            i += 3 if src.startswith("...", i) or src.startswith("..<", i) else 2
            kind = "op"
        elif c in OPERATOR_CHARS or (ord(c) >= 0x2190 and ord(c) <= 0x23FF):
            j = i
            while j < n and (src[j] in OPERATOR_CHARS or 0x2190 <= ord(src[j]) <= 0x23FF):
                if src.startswith("//", j) or src.startswith("/*", j):
                    break
                j += 1
            i = j
            kind = "op"
        else:
            i += 1
        token = Token(kind, src[start:i], start, i, line, nl_before=nl, ws_before=ws,
                      interpolated=interpolated, multiline=multiline)
        line += src.count("\n", start, i)
        if tokens:
            tokens[-1].ws_after = ws
        tokens.append(token)
        nl, ws = False, False
    if tokens:
        tokens[-1].ws_after = True
    return tokens


@dataclasses.dataclass
class Mutant:
    """One mutant: an id within a rewrite, the operator, and what it changes."""
    operator: str
    original: str
    mutated: str
    line: int
    scope: str
    context: str
    id: int = 0
    stable_id: str = ""


@dataclasses.dataclass
class Site:
    """One place in the source with one or more mutants.

    `kind` is "token" (a token replaced by `replacement(ids)`) or "wrap" (a token range wrapped by
    a prefix and a suffix).
    """
    kind: str
    start: int          # source offsets
    end: int
    operator: str
    mutants: list[Mutant]
    text: str = ""      # the original text of the token or range
    func_body: tuple[int, int] | None = None  # for statement deletion: the enclosing body, source offsets


def _matching(tokens: list[Token]) -> dict[int, int]:
    pairs, stack = {}, []
    for index, token in enumerate(tokens):
        if token.kind == "punct" and token.text in "([{":
            stack.append(index)
        elif token.kind == "punct" and token.text in ")]}":
            if not stack:
                raise LexError(f"unbalanced {token.text!r} at line {token.line}")
            opening = stack.pop()
            pairs[opening] = index
            pairs[index] = opening
    if stack:
        raise LexError(f"unbalanced {tokens[stack[-1]].text!r} at line {tokens[stack[-1]].line}")
    return pairs


def _is_binary(token: Token) -> bool:
    return token.kind == "op" and token.ws_before == token.ws_after


class Analyzer:
    """Finds the mutation sites of one Swift file."""

    def __init__(self, src: str, file: str, excluded_scopes: set[str] = frozenset()):
        self.src = src
        self.file = file
        self.tokens = tokenize(src)
        self.match = _matching(self.tokens)
        self.excluded_scopes = set(excluded_scopes)
        self.lines = src.split("\n")
        self.skip = [False] * len(self.tokens)
        self.scope_of = [""] * len(self.tokens)
        self.brace_kind: dict[int, str] = {}
        self.enclosing_brace = [-1] * len(self.tokens)
        self.excluded_count = 0

    # -- structure -------------------------------------------------------------------------------

    def _scan_structure(self):
        """Names the scope of every token, classifies braces and marks tokens never mutated."""
        toks = self.tokens
        scope_stack: list[tuple[int, str]] = []  # (closing brace index, name)
        brace_stack: list[int] = []
        pending: str | None = None
        pending_kind = None
        type_names: list[tuple[int, str]] = []
        for i, t in enumerate(toks):
            while scope_stack and scope_stack[-1][0] < i:
                scope_stack.pop()
            while type_names and type_names[-1][0] < i:
                type_names.pop()
            while brace_stack and self.match[brace_stack[-1]] < i:
                brace_stack.pop()
            self.enclosing_brace[i] = brace_stack[-1] if brace_stack else -1
            type_prefix = type_names[-1][1] if type_names else ""
            name = scope_stack[-1][1] if scope_stack else type_prefix
            self.scope_of[i] = name
            if t.kind == "ident" and t.text in DECL_KEYWORDS and not (i > 0 and toks[i - 1].text == "."):
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if t.text in ("init", "subscript"):
                    pending, pending_kind = t.text, "func"
                elif t.text in ("var", "let") and not self._declaration_start(i):
                    pass
                elif nxt is not None and nxt.kind in ("ident", "op"):
                    pending = nxt.text
                    pending_kind = "type" if t.text in TYPE_KEYWORDS else ("func" if t.text == "func" else "var")
                    if t.text == "extension":
                        j = i + 2
                        while j < len(toks) and toks[j].text == ".":
                            pending += "." + toks[j + 1].text
                            j += 2
            elif t.kind == "ident" and t.text in ("get", "set", "didSet", "willSet") and i + 1 < len(toks) \
                    and toks[i + 1].text == "{":
                pass  # the accessor keeps the property's name
            elif pending_kind == "var" and (t.text == "=" or (t.nl_before and not self._continues(i))):
                pending = None
            if t.kind == "punct" and t.text == "{":
                brace_stack.append(i)
                close = self.match[i]
                if pending is not None and pending_kind == "type":
                    qualified = pending if not type_prefix or pending.startswith(type_prefix) else f"{type_prefix}.{pending}"
                    type_names.append((close, qualified))
                    scope_stack.append((close, qualified))
                    self.brace_kind[i] = "type"
                elif pending is not None:
                    scope_stack.append((close, f"{type_prefix}.{pending}" if type_prefix else pending))
                    self.brace_kind[i] = "func"
                pending = None
        self._mark_skips()

    def _declaration_start(self, i: int) -> bool:
        """Whether the `let` or `var` at `i` starts a declaration (not a pattern binding)."""
        j = i
        while j > 0 and self.tokens[j - 1].text in MODIFIERS and not self.tokens[j].nl_before:
            j -= 1
        return self.tokens[j].nl_before or j == 0

    def _continues(self, i: int) -> bool:
        """Whether token `i`, first on its line, continues the previous line's statement."""
        toks = self.tokens
        t = toks[i]
        prev = toks[i - 1] if i > 0 else None
        if prev is None:
            return False
        if prev.kind == "op" and (prev.ws_before or prev.text in ("=", "->")) and prev.text not in ("?", "!"):
            return True
        if prev.kind == "op" and prev.text == "=":
            return True
        if prev.text in (",", "(", "[", ".") and prev.kind == "punct":
            return True
        if t.kind == "punct" and t.text in (".", "{", ")", "]"):
            return True
        if t.kind == "op" and t.ws_after and t.text not in ("!",):
            return True
        if t.kind == "ident" and t.text in ("else", "where", "throws", "rethrows", "async"):
            return True
        return False

    def _statement_end(self, i: int) -> int:
        """The index one past the last token of the statement starting at token `i`."""
        toks = self.tokens
        j = i + 1
        while j < len(toks):
            t = toks[j]
            if t.kind == "punct" and t.text in ("}", ")", "]"):
                return j
            if t.kind == "punct" and t.text == ";":
                return j
            if t.nl_before and not self._continues(j):
                return j
            if t.kind == "punct" and t.text in ("(", "[", "{"):
                j = self.match[j] + 1
                continue
            j += 1
        return j

    def _mark_skips(self):
        """Tokens in static or global initializers, enum raw values, attributes and directives."""
        toks = self.tokens
        for i, t in enumerate(toks):
            if t.kind == "ident" and t.text in ("let", "var"):
                is_static = i > 0 and toks[i - 1].text in ("static", "lazy", "class")
                is_global = self.enclosing_brace[i] == -1
                if i > 1 and toks[i - 1].text in ("private", "fileprivate", "public", "internal") and toks[i - 2].text == "static":
                    is_static = True
                if is_static or is_global:
                    end = self._statement_end(i)
                    for k in range(i, end):
                        self.skip[k] = True
            if t.kind == "ident" and t.text == "case" and i + 2 < len(toks) and toks[i + 1].kind == "ident" \
                    and toks[i + 2].text == "=":
                end = self._statement_end(i)
                for k in range(i, end):
                    self.skip[k] = True
            if t.text == "@" and i + 2 < len(toks) and toks[i + 2].text == "(" and not toks[i + 2].ws_before:
                for k in range(i, self.match[i + 2] + 1):
                    self.skip[k] = True
            if t.kind == "ident" and t.text == "where" and i + 2 < len(toks) and toks[i + 1].text[:1].isupper() \
                    and toks[i + 2].text in ("==", ":"):
                j = i
                while j < len(toks) and toks[j].text != "{":
                    self.skip[j] = True
                    j += 1
            if t.text == "#" and i + 1 < len(toks):
                j = i + 1
                while j < len(toks) and not toks[j].nl_before:
                    self.skip[j] = True
                    j += 1
        for i in range(len(toks)):
            scope = self.scope_of[i]
            if scope in self.excluded_scopes or scope.split(".")[-1] in self.excluded_scopes:
                if not self.skip[i]:
                    self.skip[i] = True
                    self.excluded_count += 1

    # -- sites -----------------------------------------------------------------------------------

    def _context(self, token: Token) -> str:
        return " ".join(self.lines[token.line - 1].split())

    def sites(self) -> list[Site]:
        self._scan_structure()
        toks = self.tokens
        sites: list[Site] = []
        guard_else_braces: set[int] = set()
        control_braces: set[int] = set()

        def mutant(operator, original, mutated, index):
            return Mutant(operator, original, mutated, toks[index].line, self.scope_of[index], self._context(toks[index]))

        def clauses(first: int, stop_words: set[str]) -> tuple[list[tuple[int, int]], int]:
            """Splits a condition list at depth 0 into clauses; returns them and the stop index."""
            result, start, j = [], first, first
            while j < len(toks):
                t = toks[j]
                if (t.kind == "punct" and t.text == "{" and "{" in stop_words) or (t.kind == "ident" and t.text in stop_words):
                    result.append((start, j))
                    return result, j
                if t.kind == "punct" and t.text == ",":
                    result.append((start, j))
                    start = j + 1
                elif t.kind == "punct" and t.text in ("(", "["):
                    j = self.match[j]
                elif t.kind == "punct" and t.text in ("}", ")", "]"):
                    break
                j += 1
            return [], j

        def boolean_clause(a: int, b: int) -> bool:
            return b > a and toks[a].text not in ("let", "var", "case") and not toks[a].text.startswith("#")

        def wrap_site(operator, a, b, mutants):
            return Site("wrap", toks[a].start, toks[b - 1].end, operator, mutants, self.src[toks[a].start:toks[b - 1].end])

        for i, t in enumerate(toks):
            if self.skip[i]:
                continue
            prev = toks[i - 1] if i > 0 else None
            # -- conditions
            if t.kind == "ident" and t.text in ("if", "guard") and not (prev and prev.text in ("#", ".")):
                stop = {"else"} if t.text == "guard" else {"{"}
                parts, stop_index = clauses(i + 1, stop)
                if not parts:
                    continue
                if t.text == "guard":
                    if stop_index + 1 < len(toks) and toks[stop_index + 1].text == "{":
                        guard_else_braces.add(stop_index + 1)
                else:
                    control_braces.add(stop_index)
                for a, b in parts:
                    if not boolean_clause(a, b) or any(self.skip[k] for k in range(a, b)):
                        continue
                    text = self.src[toks[a].start:toks[b - 1].end]
                    if t.text == "guard":
                        sites.append(wrap_site(GUARD, a, b, [mutant(GUARD, text, "true", a)]))
                    else:
                        sites.append(wrap_site(IF_NEGATED, a, b, [mutant(IF_NEGATED, text, f"!({text})", a)]))
            elif t.kind == "ident" and t.text in ("else", "do", "repeat", "defer", "catch") and i + 1 < len(toks) \
                    and toks[i + 1].text == "{" and t.text != "else":
                control_braces.add(i + 1)
            elif t.kind == "ident" and t.text == "else" and i + 1 < len(toks) and toks[i + 1].text == "{":
                if i + 1 not in guard_else_braces:
                    control_braces.add(i + 1)
            elif t.kind == "ident" and t.text in ("switch", "while"):
                j = i + 1
                while j < len(toks) and toks[j].text != "{":
                    if toks[j].text in ("(", "["):
                        j = self.match[j]
                    j += 1
                control_braces.add(j)
            # -- loops
            elif t.kind == "ident" and t.text == "for" and not (prev and prev.text == "."):
                j = i + 1
                while j < len(toks) and not (toks[j].kind == "ident" and toks[j].text == "in"):
                    if toks[j].text in ("(", "["):
                        j = self.match[j]
                    j += 1
                a = j + 1
                b = a
                while b < len(toks) and not (toks[b].text == "{" or (toks[b].kind == "ident" and toks[b].text == "where")):
                    if toks[b].text in ("(", "["):
                        b = self.match[b]
                    b += 1
                k = b
                while k < len(toks) and toks[k].text != "{":
                    if toks[k].text in ("(", "["):
                        k = self.match[k]
                    k += 1
                control_braces.add(k)
                if b > a and not any(self.skip[x] for x in range(a, b)):
                    text = self.src[toks[a].start:toks[b - 1].end]
                    sites.append(wrap_site(LOOP_LAST, a, b, [
                        mutant(LOOP_LAST, text, f"{text}.dropLast(1)", a),
                        mutant(LOOP_FIRST, text, f"{text}.dropFirst(1)", a),
                    ]))
            # -- operators
            elif prev is not None and prev.text == "func":
                continue  # an operator's name in its declaration
            elif t.kind == "op" and t.text in RELATIONAL_MUTATION and t.ws_before and t.ws_after:
                sites.append(Site("token", t.start, t.end, RELATIONAL,
                                  [mutant(RELATIONAL, t.text, RELATIONAL_MUTATION[t.text], i)], t.text))
            elif t.kind == "op" and t.text in LOGICAL_MUTATION and _is_binary(t):
                sites.append(Site("token", t.start, t.end, LOGICAL,
                                  [mutant(LOGICAL, t.text, LOGICAL_MUTATION[t.text], i)], t.text))
            # -- literals
            elif t.kind == "number" and re.fullmatch(r"0x[0-9A-Fa-f_]+|0b[01_]+|0o[0-7_]+|[0-9][0-9_]*", t.text):
                value = int(t.text.replace("_", ""), 0)
                # 0 becomes 1 only: most zeros here are unsigned, where -1 does not compile.
                changes = [value + 1] if value == 0 else [value + 1, value - 1]
                sites.append(Site("token", t.start, t.end, INTEGER,
                                  [mutant(INTEGER, t.text, str(v), i) for v in changes], t.text))
            elif t.kind == "ident" and t.text in ("true", "false") and not (prev and prev.text in ("while", "repeat")):
                flipped = "false" if t.text == "true" else "true"
                sites.append(Site("token", t.start, t.end, BOOLEAN, [mutant(BOOLEAN, t.text, flipped, i)], t.text))
            elif t.kind == "ident" and t.text == "UInt8" and i + 5 < len(toks) and toks[i + 1].text == "(" \
                    and toks[i + 2].text == "ascii" and toks[i + 3].text == ":" and toks[i + 4].kind == "string" \
                    and toks[i + 5].text == ")":
                text = self.src[t.start:toks[i + 5].end]
                for k in range(i + 1, i + 6):
                    self.skip[k] = True
                sites.append(Site("wrap", t.start, toks[i + 5].end, CHARACTER, [
                    mutant(CHARACTER, text, f"{text} + 1", i),
                    mutant(CHARACTER, text, f"{text} - 1", i),
                ], text))
            elif t.kind == "string" and not t.interpolated and not t.multiline and not t.text.startswith("#"):
                body = t.text[1:-1]
                if re.search(r"\s", body) or (prev and prev.text == "import"):
                    continue
                replacement = '""' if body else '"mutant"'
                sites.append(Site("token", t.start, t.end, STRING, [mutant(STRING, t.text, replacement, i)], t.text))
            # -- statements
            elif t.kind == "ident" and t.text in ("return", "throw"):
                operator = RETURN if t.text == "return" else THROW
                end = self._statement_end(i)
                site = self._statement_site(i, end, operator, guard_else_braces, mutant)
                if site:
                    sites.append(site)
            elif t.kind == "ident" and t.nl_before and not self._continues(i) and t.text not in NON_STATEMENT_STARTS \
                    and (prev is not None and prev.text in ("{", "}", ":", ";", ")", "]") or prev.kind in ("ident", "number", "string")):
                end = self._statement_end(i)
                if self._is_call_or_compound_assignment(i, end):
                    site = self._statement_site(i, end, STATEMENT, guard_else_braces, mutant)
                    if site:
                        sites.append(site)
        self.control_braces = control_braces
        self.guard_else_braces = guard_else_braces
        return [s for s in sites if s.mutants]

    def _is_call_or_compound_assignment(self, i: int, end: int) -> bool:
        toks = self.tokens
        j = i
        if toks[j].text == "try":
            j += 1
        if j >= end or toks[j].kind != "ident":
            return False
        j += 1
        while j < end:
            t = toks[j]
            if t.kind == "punct" and t.text == "." and j + 1 < end and toks[j + 1].kind == "ident":
                j += 2
            elif t.kind == "punct" and t.text in ("(", "[") and not t.ws_before:
                j = self.match[j] + 1
            elif t.kind == "op" and t.text in ("?", "!") and not t.ws_before:
                j += 1
            else:
                break
        if j == end:
            return toks[end - 1].text == ")" and toks[self.match[end - 1]].ws_before is False
        return toks[j].kind == "op" and toks[j].text in ("+=", "-=", "|=", "&=", "^=", "*=", "&+=", "&-=", "<<=", ">>=")

    def _statement_site(self, i, end, operator, guard_else_braces, mutant):
        toks = self.tokens
        if any(self.skip[k] for k in range(i, end)):
            return None
        brace = self.enclosing_brace[i]
        if brace < 0 or brace in guard_else_braces:
            return None
        # Skip a statement that is alone on the line of its brace (`{ return x }`): a closure body.
        if not toks[i].nl_before:
            return None
        # The last statement of a function body cannot be skipped when it returns or throws.
        if operator in (RETURN, THROW) and end < len(toks) and toks[end].text == "}" and self.match[end] == brace \
                and self.brace_kind.get(brace) == "func":
            return None
        last_in_block = end < len(toks) and toks[end].text == "}" and self.match[end] == brace
        # A lone expression in a function body is its implicit return value.
        if operator == STATEMENT and last_in_block and toks[brace + 1] is toks[i] and self.brace_kind.get(brace) == "func":
            return None
        # `do { x = try ... } catch { return ... }`: skipping the catch's exit leaves `x` unset.
        if operator in (RETURN, THROW) and last_in_block and brace > 0 and toks[brace - 1].text == "catch":
            return None
        text = self.src[toks[i].start:toks[end - 1].end]
        body = self._function_body(i)
        summary = " ".join(text.split())
        site = Site("wrap", toks[i].start, toks[end - 1].end, operator,
                    [mutant(operator, summary if len(summary) <= 80 else summary[:77] + "...", "(skipped)", i)], text)
        site.func_body = body
        return site

    def _function_body(self, i: int) -> tuple[int, int] | None:
        brace = self.enclosing_brace[i]
        while brace >= 0 and self.brace_kind.get(brace) != "func":
            brace = self.enclosing_brace[brace]
        if brace < 0:
            return None
        return (self.tokens[brace].start, self.tokens[self.match[brace]].end)


def find_sites(src: str, file: str, excluded_scopes: set[str] = frozenset()) -> tuple[list[Site], int]:
    """Returns the mutation sites of `src` and the number of tokens skipped by excluded scopes."""
    analyzer = Analyzer(src, file, excluded_scopes)
    return analyzer.sites(), analyzer.excluded_count


def assign_stable_ids(file: str, sites: list[Site]) -> None:
    """Gives every mutant an id that survives unrelated edits: file, scope, operator, the
    normalized source line, the change, and an occurrence index among identical tuples."""
    seen: dict[tuple, int] = {}
    for site in sites:
        for m in site.mutants:
            key = (file, m.scope, m.operator, m.context, m.original, m.mutated)
            seen[key] = seen.get(key, 0) + 1
            digest = hashlib.sha1(repr(key + (seen[key],)).encode()).hexdigest()[:8]
            scope = m.scope or "-"
            m.stable_id = f"{file.rsplit('/', 1)[-1]}:{scope}:{m.operator}:{digest}"


# -- the schema ----------------------------------------------------------------------------------

def operator_name(mutant_id: int) -> str:
    return "\u2206" + "".join(chr(0x2295 + int(d)) for d in str(mutant_id))


def check(ids: list[int]) -> str:
    return f"MutationSwitch.isActive({ids[0]})"


def _token_replacement(site: Site) -> str:
    ids = [m.id for m in site.mutants]
    if site.operator in (RELATIONAL, LOGICAL):
        return operator_name(ids[0])
    if site.operator == INTEGER:
        choices = " : ".join(f"{check([m.id])} ? {m.mutated}" for m in site.mutants)
        return f"({choices} : {site.text})"
    if site.operator in (BOOLEAN, STRING):
        return f"({check(ids)} ? {site.mutants[0].mutated} : {site.text})"
    raise ValueError(site.operator)


def _wrap(site: Site) -> tuple[str, str]:
    ids = [m.id for m in site.mutants]
    if site.operator == GUARD:
        return f"({check(ids)} || ", ")"
    if site.operator == IF_NEGATED:
        return f"({check(ids)} != (", "))"
    if site.operator in STATEMENT_DELETION:
        return f"if !{check(ids)} {{ ", " }"
    if site.operator == LOOP_LAST:
        return "(", f").mutationLoop({ids[0]}, {ids[1]})"
    if site.operator == CHARACTER:
        plus, minus = site.mutants
        return (f"({check([plus.id])} ? {site.text} &+ 1 : {check([minus.id])} ? {site.text} &- 1 : ", ")")
    raise ValueError(site.operator)


def rewrite(src: str, sites: list[Site]) -> tuple[str, dict[int, tuple[int, int]], callable]:
    """Returns the schema text, each site's range in it (by index in `sites`), and a function
    mapping a source offset to a schema offset."""
    events = []  # (position, order, tiebreak, kind, site index)
    for index, site in enumerate(sites):
        length = site.end - site.start
        if site.kind == "token":
            events.append((site.start, 1, 0, "replace", index))
        else:
            events.append((site.start, 0, -length, "prefix", index))
            events.append((site.end, 2, length, "suffix", index))
    events.sort()
    out: list[str] = []
    position, written = 0, 0
    ranges: dict[int, list[int]] = {}
    anchors: list[tuple[int, int]] = [(0, 0)]
    for pos, _, _, kind, index in events:
        if pos < position:
            raise ValueError(f"overlapping sites at offset {pos}")
        chunk = src[position:pos]
        out.append(chunk)
        written += len(chunk)
        position = pos
        anchors.append((position, written))
        site = sites[index]
        if kind == "replace":
            text = _token_replacement(site)
            ranges[index] = [written, written + len(text)]
            out.append(text)
            written += len(text)
            position = site.end
            anchors.append((position, written))
        elif kind == "prefix":
            text = _wrap(site)[0]
            ranges[index] = [written, None]
            out.append(text)
            written += len(text)
            anchors.append((position, written))
        else:
            text = _wrap(site)[1]
            out.append(text)
            written += len(text)
            ranges[index][1] = written
            anchors.append((position, written))
    out.append(src[position:])

    def to_schema(offset: int) -> int:
        best = (0, 0)
        for source, schema in anchors:
            if source <= offset:
                best = (source, schema)
            else:
                break
        return best[1] + (offset - best[0])

    return "".join(out), {k: (v[0], v[1]) for k, v in ranges.items()}, to_schema


def support_source(sites_by_id: dict[int, Site]) -> str:
    """The Swift file added to the mutated module: the switch, the loop helpers and one operator
    per relational or logical mutant."""
    lines = [
        "// Generated by Tools/mutation/mutate.py into a scratch copy; never part of the package.",
        "",
        "/// The mutant that is active, chosen at run time; 0 means none.",
        "public enum MutationSwitch {",
        "    nonisolated(unsafe) public static var active = 0",
        "    /// Set when the active mutant's site is evaluated.",
        "    nonisolated(unsafe) public static var reached = false",
        "",
        "    /// While true, every site evaluated is added to `covered`.",
        "    nonisolated(unsafe) public static var recording = false",
        "    nonisolated(unsafe) public static var covered = Set<Int>()",
        "",
        "    @inline(__always) public static func isActive(_ id: Int) -> Bool {",
        "        if recording { covered.insert(id) }",
        "        guard id == active else { return false }",
        "        reached = true",
        "        return true",
        "    }",
        "}",
        "",
        "extension Collection {",
        "    func mutationLoop(_ dropLast: Int, _ dropFirst: Int) -> SubSequence {",
        "        if MutationSwitch.isActive(dropLast) { return self.dropLast(1) }",
        "        if MutationSwitch.isActive(dropFirst) { return self.dropFirst(1) }",
        "        return self[...]",
        "    }",
        "}",
        "",
        "extension Sequence {",
        "    func mutationLoop(_ dropLast: Int, _ dropFirst: Int) -> [Element] {",
        "        if MutationSwitch.isActive(dropLast) { return Array(self.dropLast(1)) }",
        "        if MutationSwitch.isActive(dropFirst) { return Array(self.dropFirst(1)) }",
        "        return Array(self)",
        "    }",
        "}",
        "",
    ]
    for mutant_id, site in sorted(sites_by_id.items()):
        name = operator_name(mutant_id)
        original, mutated = site.text, site.mutants[0].mutated
        if site.operator == RELATIONAL:
            group = "ComparisonPrecedence"
            protocol = "Equatable" if original in ("==", "!=") else "Comparable"
            lines.append(f"infix operator {name} : {group}")
            lines.append(f"func {name} <T: {protocol}>(l: T, r: T) -> Bool {{ "
                         f"MutationSwitch.isActive({mutant_id}) ? l {mutated} r : l {original} r }}")
            if original in ("==", "!="):
                lines.append(f"func {name} <T>(l: T?, r: _OptionalNilComparisonType) -> Bool {{ "
                             f"MutationSwitch.isActive({mutant_id}) ? l {mutated} nil : l {original} nil }}")
        elif site.operator == LOGICAL:
            group = "LogicalConjunctionPrecedence" if original == "&&" else "LogicalDisjunctionPrecedence"
            lines.append(f"infix operator {name} : {group}")
            lines.append(
                f"func {name}(l: Bool, r: @autoclosure () throws -> Bool) rethrows -> Bool {{ "
                f"let or = MutationSwitch.isActive({mutant_id}) ? {'true' if original == '&&' else 'false'} : "
                f"{'false' if original == '&&' else 'true'}; "
                f"if or {{ if l {{ return true }}; return try r() }}; if !l {{ return false }}; return try r() }}"
            )
    return "\n".join(lines) + "\n"
