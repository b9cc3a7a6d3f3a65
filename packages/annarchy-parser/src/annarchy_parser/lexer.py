"""The text layer: descriptions into statements, statements into their parts.

A description (``equations``, ``reset``, ``pre_spike``...) is split into logical statements:
one per line or per ``;``, except that a Python-style conditional (``if c: a else: b``) and
open brackets continue over the following lines. Comments start with ``#``.

Each statement is tokenized (names, numbers, operators) and split at the top-level assignment
operator and at the colon that introduces its flags, telling that colon apart from the colons
of ``if ...:`` and ``else:``. Nothing here interprets the expressions themselves: the pieces
go to `annarchy_parser.expressions`.
"""

from __future__ import annotations

import functools
import keyword
import re
from dataclasses import dataclass
from typing import NamedTuple

from .errors import ParserError

ASSIGN_OPS = ("=", "+=", "-=", "*=", "/=")

_TOKEN_RE = re.compile(
    r"""
    (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_]\w*)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op>\*\*|//|==|!=|<=|>=|\+=|-=|\*=|/=|[-+*/%^()\[\]{},:.<>=;!&|~@])
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE,
)
_CONTINUES = (":", "else", "+", "-", "*", "/", "^", "**", ",", "=", "and", "or", "not")
_LEADING = "+-*/^)]},"  # a line starting with one of these continues the previous one
_OPEN = "([{"
_CLOSE = ")]}"


class Token(NamedTuple):
    """One token (a named tuple: long statements have hundreds of thousands of them)."""

    kind: str  # 'number' | 'name' | 'string' | 'op' | 'other'
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    """One statement: ``lhs op rhs : flags`` (``op`` empty when there is no assignment)."""

    text: str  # the whole statement on one line
    lhs: str
    op: str
    rhs: str
    flags: str


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens (whitespace dropped)."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=32)
def _tokens(text: str) -> tuple[Token, ...]:
    # cached: a statement is tokenized by several steps of the parse
    return tuple(
        Token(m.lastgroup, m.group(), m.start(), m.end())
        for m in _TOKEN_RE.finditer(text)
        if m.lastgroup != "space"
    )


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _is_complete(text: str) -> bool:
    """Whether a (joined) statement is finished: brackets closed, every ``if`` has its else."""
    depth = ifs = elses = 0
    tokens = tokenize(text)
    for tok in tokens:
        if tok.text in _OPEN:
            depth += 1
        elif tok.text in _CLOSE:
            depth -= 1
        elif tok.kind == "name" and tok.text == "if" and depth == 0:  # not sum(if)
            ifs += 1
        elif tok.kind == "name" and tok.text == "else" and depth == 0:
            elses += 1
    if not tokens:
        return True
    last = tokens[-1].text
    return depth <= 0 and ifs <= elses and last not in _CONTINUES


def _split_semicolons(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for tok in tokenize(text):
        if tok.text in _OPEN:
            depth += 1
        elif tok.text in _CLOSE:
            depth -= 1
        elif tok.text == ";" and depth == 0:
            parts.append(text[start : tok.start])
            start = tok.end
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def split_statements(text: str) -> list[str]:
    r"""Split a multi-line description into logical statements, each joined on one line.

    A statement continues on the next line while a bracket is open, an ``if`` waits for its
    ``else``, the line ends with an operator or ``\``, or the next line starts with an
    operator (``+ g_exc * (E - v)``).

    Examples
    --------
    >>> split_statements("a = 1 # comment\nr = if a > 0:\n  1\nelse:\n  0; b = 2")
    ['a = 1', 'r = if a > 0: 1 else: 0', 'b = 2']
    """
    complete: list[str] = []
    buffer = ""
    for raw in text.replace("\r", "\n").split("\n"):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if not buffer and complete and line[0] in _LEADING:
            buffer = complete.pop()  # the line continues the previous statement
        explicit = line.endswith("\\")  # explicit line continuation
        line = line.rstrip("\\").strip()
        buffer = f"{buffer} {line}" if buffer else line
        if not explicit and _is_complete(buffer):
            complete.append(buffer)
            buffer = ""
    if buffer:
        complete.append(buffer)
    return [part for statement in complete for part in _split_semicolons(statement)]


def _depths(tokens: list[Token]) -> list[int]:
    """Bracket depth before each token."""
    depth, out = 0, []
    for tok in tokens:
        if tok.text in _CLOSE:
            depth -= 1
        out.append(depth)
        if tok.text in _OPEN:
            depth += 1
    return out


def find_flag_colon(tokens: list[Token]) -> int | None:
    """Index of the top-level colon that starts the flags, or None.

    Colons of ``if cond:`` and ``else:`` are recognised and skipped.
    """
    pending_ifs = 0
    for k, (tok, depth) in enumerate(zip(tokens, _depths(tokens), strict=True)):
        if depth != 0:
            continue
        if tok.kind == "name" and tok.text == "if":
            pending_ifs += 1
        elif tok.text == ":":
            if k > 0 and tokens[k - 1].text == "else":
                continue
            if pending_ifs > 0:
                pending_ifs -= 1
                continue
            return k
    return None


def split_statement(text: str, model: str = "", assignment: bool = True) -> Statement:
    """Split one statement into ``lhs``, assignment operator, ``rhs`` and ``flags``.

    Parameters
    ----------
    text : str
        One logical statement (see `split_statements`).
    model : str
        Model name for error messages.
    assignment : bool
        If True, an assignment operator is required.

    Raises
    ------
    ParserError
        If an assignment is required but missing, or the statement is empty.
    """
    tokens = tokenize(text)
    depths = _depths(tokens)
    ops = [
        k
        for k, (tok, depth) in enumerate(zip(tokens, depths, strict=True))
        if depth == 0 and tok.kind == "op" and tok.text in ASSIGN_OPS
    ]
    if not assignment:  # a condition, possibly with flags: 'v > T : proba=0.5'
        colon = find_flag_colon(tokens)
        end = len(tokens) if colon is None else colon
        op = next((tokens[k].text for k in ops if k < end), "")
        body = text if colon is None else text[: tokens[colon].start]
        flags = "" if colon is None else text[tokens[colon].end :]
        return Statement(text, "", op, body.strip(), flags.strip())
    if not ops:
        raise ParserError(
            "a statement must be an assignment 'name = expression' "
            "(or +=, -=, *=, /=) or an ODE 'dx/dt = ...'",
            model,
            text,
        )
    op_index = ops[0]
    lhs = text[: tokens[op_index].start].strip()
    rest = tokens[op_index + 1 :]
    colon = find_flag_colon(rest)
    rhs_end = rest[colon].start if colon is not None else len(text)
    rhs = text[tokens[op_index].end : rhs_end].strip()
    flags = text[rest[colon].end :].strip() if colon is not None else ""
    if not lhs:
        raise ParserError("nothing on the left of the assignment", model, text)
    if not rhs:
        raise ParserError("nothing on the right of the assignment", model, text)
    return Statement(text, lhs, tokens[op_index].text, rhs, flags)


def split_flags(flags: str) -> list[tuple[str, str | None]]:
    """Split ``'init=0.1, min=-1, exponential'`` into ``[(key, value or None), ...]``."""
    out: list[tuple[str, str | None]] = []
    if not flags.strip():
        return out
    tokens = tokenize(flags)
    depths = _depths(tokens)
    start = 0
    pieces = []
    for tok, depth in zip(tokens, depths, strict=True):
        if tok.text == "," and depth == 0:
            pieces.append(flags[start : tok.start])
            start = tok.end
    pieces.append(flags[start:])
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if "=" in piece:
            key, value = piece.split("=", 1)
            out.append((key.strip(), value.strip()))
        else:
            out.append((piece, None))
    return out


@dataclass(frozen=True)
class Conditional:
    """``if cond: then else: other`` found at the top of an expression (texts, unparsed)."""

    cond: str
    then: str
    other: str


def _strip_outer_parens(text: str) -> str:
    while True:
        tokens = tokenize(text)
        if len(tokens) < 2 or tokens[0].text != "(" or tokens[-1].text != ")":
            return text
        depths = _depths(tokens)
        # the first '(' must close at the very end
        if any(d == 0 for d in depths[1:-1]):
            return text
        inner = text[tokens[0].end : tokens[-1].start].strip()
        inner_tokens = tokenize(inner)
        if not inner_tokens or inner_tokens[0].text != "if":
            return text
        text = inner


def split_conditional(text: str, model: str = "", line: str = "") -> Conditional | None:
    """Recognise a Python-style conditional ``if c: a else: b`` spanning the whole text.

    Returns None when the text does not start with ``if`` (possibly inside parentheses).

    Raises
    ------
    ParserError
        If the conditional is malformed (missing ``:`` or ``else:``).
    """
    text = _strip_outer_parens(text.strip())
    tokens = tokenize(text)
    if not tokens or tokens[0].kind != "name" or tokens[0].text != "if":
        return None
    depths = _depths(tokens)
    colon = next(
        (k for k in range(1, len(tokens)) if tokens[k].text == ":" and depths[k] == 0), None
    )
    if colon is None or colon == 1:
        raise ParserError("a conditional must read 'if condition: a else: b'", model, line, "if")
    nested = 0
    for k in range(colon + 1, len(tokens)):
        tok = tokens[k]
        if depths[k] != 0 or tok.kind != "name":
            continue
        if tok.text == "if":
            nested += 1
        elif tok.text == "else":
            if nested:
                nested -= 1
                continue
            if k + 1 >= len(tokens) or tokens[k + 1].text != ":":
                raise ParserError("'else' must be followed by ':'", model, line, "else")
            then = text[tokens[colon].end : tok.start].strip()
            other = text[tokens[k + 1].end :].strip()
            if not then or not other:
                raise ParserError("empty branch in a conditional", model, line, "if")
            cond = text[tokens[0].end : tokens[colon].start].strip()
            return Conditional(cond, then, other)
    raise ParserError("a conditional 'if ...:' needs an 'else:' branch", model, line, "if")


def gradient_variables(lhs: str) -> list[str]:
    """Names ``X`` for which ``dX / dt`` appears in ``lhs`` (token pattern, in order)."""
    tokens = tokenize(lhs)
    found = []
    for k in range(len(tokens) - 2):
        a, slash, dt = tokens[k], tokens[k + 1], tokens[k + 2]
        if (
            a.kind == "name"
            and len(a.text) > 1
            and a.text.startswith("d")
            and slash.text == "/"
            and dt.text == "dt"
        ):
            found.append(a.text[1:])
    return found


# Tokens that may appear at the top level of a plain arithmetic sum (anything else, e.g. a
# comparison, 'and', 'if', ',' or ':', binds looser than '+' and leaves the text unsplit).
_SUM_OPS = frozenset(("+", "-", "*", "/", "**", "%", ".", "(", ")", "[", "]", "{", "}"))
_OPERAND_END = frozenset((")", "]", "}"))


def split_sum(text: str) -> list[tuple[int, str]] | None:
    """Split a plain arithmetic expression at its top-level binary ``+`` and ``-``.

    Returns ``[(sign, term), ...]`` where ``sign`` (+1 or -1) folds the binary operator and
    the unary signs leading the term, or None when the text is not a plain sum (a top-level
    comparison, boolean operator, conditional... or an empty term). This lets the parser
    handle sums of thousands of terms and long runs of unary signs without building (and
    recursing over) a deep syntax tree.

    Examples
    --------
    >>> split_sum("a - -b*c + (d + e)")
    [(1, 'a'), (1, 'b*c'), (1, '(d + e)')]
    """
    tokens = tokenize(text)
    terms: list[tuple[int, str]] = []
    sign, start, depth, prev = 1, None, 0, None
    for tok in tokens:
        if tok.kind in ("string", "other"):
            return None
        if depth == 0 and (
            (tok.kind == "name" and keyword.iskeyword(tok.text))
            or (tok.kind == "op" and tok.text not in _SUM_OPS)
        ):
            return None
        binary = prev is not None and (prev.kind in ("name", "number") or prev.text in _OPERAND_END)
        if depth == 0 and tok.text in "+-" and tok.kind == "op":
            if binary:
                if start is None:
                    return None
                terms.append((sign, text[start : prev.end].strip()))
                sign, start = 1, None
            elif start is not None:  # a unary sign inside a term (after '*', '**'...)
                prev = tok
                continue
            if tok.text == "-":
                sign = -sign
        elif start is None:
            start = tok.start
        depth += (tok.text in _OPEN) - (tok.text in _CLOSE)
        prev = tok
    if start is None or prev is None or depth != 0:
        return None
    terms.append((sign, text[start : prev.end].strip()))
    return terms
