"""Lexing and structural checks for expression text.

The tokenizer turns untrusted text into tokens, catches every lexical and structural mistake
with a plain-words message and a 0-based column, and writes a normalised text that Python's
``ast`` module can parse: ``^`` becomes ``**``, implicit products (``2x``, ``(x+1)(x-1)``) get
their ``*``, numbers and parameter names become placeholders (``_n0``, ``_p0``), so nothing the
user typed reaches ``ast`` except whitelisted names and operators.
"""

from dataclasses import dataclass, field

from gradviz.engine.printable import printable

MAX_LENGTH = 1000
MAX_NAME = 16
MAX_DEPTH = 16  # nested parentheses and calls
MAX_SIGNS = 8  # unary signs in a row
MAX_TOKENS = 400


class ExpressionError(ValueError):
    """A mistake in expression text: ``message`` in plain words, ``column`` 0-based."""

    def __init__(self, message, column=0):
        message = printable(message)
        super().__init__(f"{message} (column {column})")
        self.message = message
        self.column = column


# Characters a user may paste from a document, and what they mean.
_ALIASES = {"\u2212": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u00f7": "/",
            "\u00b2": "^2", "\u00b3": "^3", "\u03c0": "pi"}
_OPERATORS = "+-*/^"


@dataclass
class Token:
    kind: str  # "num", "name", "op", "(", ")", ","
    text: str
    column: int


@dataclass
class Lexed:
    """The normalised text and how to map it back to the user's columns."""

    source: str
    normalised: str = ""
    columns: list = field(default_factory=list)  # normalised offset -> source column
    numbers: list = field(default_factory=list)  # _n{i} -> (text, column)
    names: list = field(default_factory=list)  # _p{i} -> parameter name, first-seen order

    def column_at(self, offset):
        if not self.columns:
            return 0
        return self.columns[min(max(offset, 0), len(self.columns) - 1)]


def _is_digit(ch):
    # str.isdigit() also accepts '²', '¹' and other scripts' digits, which float() may reject.
    return "0" <= ch <= "9"


def _lex_number(text, i):
    start = i
    while i < len(text) and _is_digit(text[i]):
        i += 1
    if i < len(text) and text[i] == ".":
        i += 1
        while i < len(text) and _is_digit(text[i]):
            i += 1
    if text[start:i] == ".":
        raise ExpressionError("unexpected '.'", start)
    if i < len(text) and text[i] in "eE":
        j = i + 1
        if j < len(text) and text[j] in "+-":
            j += 1
        if j < len(text) and _is_digit(text[j]):
            while j < len(text) and _is_digit(text[j]):
                j += 1
            return j
        # "2exp(x)" is 2*exp(x); "2e", "2e+" and "2e)" are unfinished exponents.
        if j == i + 1 and j < len(text) and (text[j].isalpha() or text[j] == "_"):
            return i
        raise ExpressionError(f"expected a number after '{text[i]}'", j)
    return i


def tokenize(text):
    """Split ``text`` into tokens; raise ExpressionError for characters that cannot start one."""
    tokens = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _ALIASES:
            meaning = _ALIASES[ch]
            if meaning == "pi":
                tokens.append(Token("name", "pi", i))
            elif len(meaning) == 2:  # superscript square or cube
                tokens += [Token("op", "^", i), Token("num", meaning[1], i)]
            else:
                tokens.append(Token("op", meaning, i))
            i += 1
        elif _is_digit(ch) or ch == ".":
            end = _lex_number(text, i)
            tokens.append(Token("num", text[i:end], i))
            i = end
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            end = i
            while end < len(text) and text[end].isascii() and (text[end].isalnum() or text[end] == "_"):
                end += 1
            name = text[i:end]
            if name.startswith("_"):
                raise ExpressionError("a name must start with a letter", i)
            if len(name) > MAX_NAME:
                raise ExpressionError(f"name too long: '{name[:MAX_NAME]}...' (at most {MAX_NAME} characters)", i)
            tokens.append(Token("name", name, i))
            i = end
        elif text.startswith("**", i):
            tokens.append(Token("op", "^", i))
            i += 2
        elif ch in _OPERATORS:
            tokens.append(Token("op", ch, i))
            i += 1
        elif ch in "(),":
            tokens.append(Token(ch, ch, i))
            i += 1
        else:
            raise ExpressionError(_unexpected_message(ch), i)
    return tokens


def _unexpected_message(ch):
    if ch in "[]{}":
        return f"unexpected '{ch}': use ( and ) for grouping"
    if ch == "=":
        return "unexpected '=': type only the right-hand side of f(x, y) = ..."
    if ch == ".":
        return "unexpected '.'"
    if not ch.isprintable():  # control, format and surrogate characters: never shown raw
        return f"unexpected character U+{ord(ch):04X}"
    return f"unexpected character '{ch}'"


_OPERAND = "a number, a name or '('"


class _Normaliser:
    """One pass over the tokens: checks the structure and writes the normalised text."""

    def __init__(self, text, functions, constants):
        self.lexed = Lexed(text)
        self.functions = functions
        self.constants = constants
        self.stack = []  # [kind, column, name, argument count]
        self.signs = 0

    def emit(self, piece, column):
        if self.lexed.normalised:
            self.lexed.normalised += " "
            self.lexed.columns.append(column)
        self.lexed.normalised += piece
        self.lexed.columns.extend([column] * len(piece))

    def name(self, token):
        if token.text in self.constants:
            return token.text
        if token.text not in self.lexed.names:
            self.lexed.names.append(token.text)
        return f"_p{self.lexed.names.index(token.text)}"

    def open(self, kind, column, name=None):
        if len(self.stack) >= MAX_DEPTH:
            raise ExpressionError(f"nested too deeply (more than {MAX_DEPTH} levels)", column)
        self.stack.append([kind, column, name, 1])
        self.emit("(", column)

    def operand(self, tokens, i):
        """Handle tokens[i] where an operand must start; return the next index."""
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "op" and tok.text in "+-":
            self.signs += 1
            if self.signs > MAX_SIGNS:
                raise ExpressionError(f"too many signs in a row (at most {MAX_SIGNS})", tok.column)
            self.emit(tok.text, tok.column)
            return i + 1, True
        self.signs = 0
        if tok.kind == "num":
            self.emit(f"_n{len(self.lexed.numbers)}", tok.column)
            self.lexed.numbers.append((tok.text, tok.column))
            return i + 1, False
        if tok.kind == "name" and nxt is not None and nxt.kind == "(" and not self.pasted_pi(tok):
            if tok.text not in self.functions:
                hint = f": write {tok.text}*(...) for a product" if tok.text in self.constants else ""
                raise ExpressionError(f"unknown function '{tok.text}'{hint}", tok.column)
            self.emit(tok.text, tok.column)
            self.open("call", tok.column, tok.text)
            return i + 2, True
        if tok.kind == "name":
            if tok.text in self.functions:
                raise ExpressionError(f"'{tok.text}' is a function: write {tok.text}(...)", tok.column)
            self.emit(self.name(tok), tok.column)
            return i + 1, False
        if tok.kind == "(":
            self.open("paren", tok.column)
            return i + 1, True
        prev = tokens[i - 1] if i else None
        if tok.kind == ")" and prev is not None and prev.kind == "(":
            if self.stack and self.stack[-1][0] == "call":
                raise ExpressionError(f"{self.stack[-1][2]}() needs an argument", tok.column)
            raise ExpressionError("empty parentheses", prev.column)
        if prev is None:
            raise ExpressionError(f"expected {_OPERAND} at the start, not '{tok.text}'", tok.column)
        raise ExpressionError(f"expected {_OPERAND} after '{prev.text}'", tok.column)

    def operator(self, tokens, i):
        """Handle tokens[i] where an operator may stand; return (next index, expect operand)."""
        tok, prev = tokens[i], tokens[i - 1]
        if tok.kind == "op":
            self.emit("**" if tok.text == "^" else tok.text, tok.column)
            return i + 1, True
        if tok.kind == ")":
            if not self.stack:
                raise ExpressionError("unmatched ')'", tok.column)
            self.close(tok)
            return i + 1, False
        if tok.kind == ",":
            if not self.stack or self.stack[-1][0] != "call":
                raise ExpressionError("unexpected ','", tok.column)
            self.stack[-1][3] += 1
            self.emit(",", tok.column)
            return i + 1, True
        self.check_glued(prev, tok)
        # Two operands in a row: a product when it reads as one (2x, 2(x+1), (x+1)(x-1), (x)2,
        # and a pasted π next to a name or '(': 2πx, π(x+1), xπ; 'pi x' stays a mistake).
        pi_product = self.pasted_pi(prev) and tok.kind in ("name", "(") or self.pasted_pi(tok)
        if prev.kind == "num" and tok.kind in ("name", "(") or prev.kind == ")" or pi_product:
            self.emit("*", tok.column)
            return i, True
        raise ExpressionError(f"missing operator between '{prev.text}' and '{tok.text}'", tok.column)

    def check_glued(self, prev, tok):
        """Refuse two operands written together that read as something else: a number glued
        to a parameter name holding a digit (``0x10``, ``0b11``, ``2x2``: not hexadecimal,
        not 0 times x10) and a parameter name glued to a pasted π (``exπ``: not the
        parameter ex times π)."""
        if prev.column + len(prev.text) != tok.column:
            return
        parameter = tok.kind == "name" and tok.text not in self.functions and tok.text not in self.constants
        if prev.kind == "num" and parameter and any(_is_digit(ch) for ch in tok.text):
            raise ExpressionError(f"'{prev.text}{tok.text}' is not a number (gradviz reads decimal numbers); "
                                  f"write {prev.text}*{tok.text} for a product", prev.column)
        if self.pasted_pi(tok) and prev.kind == "name" and prev.text not in self.constants:
            raise ExpressionError(f"'{prev.text}\u03c0' is not a name: write {prev.text}*\u03c0 for a product",
                                  prev.column)

    def pasted_pi(self, tok):
        """Whether ``tok`` is a pasted 'π' (one character that cannot be part of a longer name)."""
        return tok.kind == "name" and self.lexed.source[tok.column] == "\u03c0"

    def close(self, tok):
        kind, column, name, count = self.stack.pop()
        self.emit(")", tok.column)
        if kind == "call":
            low, high = self.functions[name]
            if count < low or (high is not None and count > high):
                want = f"{low}" if low == high else f"at least {low}"
                plural = "" if want == "1" else "s"
                raise ExpressionError(f"{name}() takes {want} argument{plural}, not {count}", column)

    def run(self, tokens):
        i, expect_operand = 0, True
        while i < len(tokens):
            step = self.operand if expect_operand else self.operator
            i, expect_operand = step(tokens, i)
        text = self.lexed.source
        if not tokens:
            raise ExpressionError("the expression is empty", 0)
        if expect_operand:
            raise ExpressionError(f"expected {_OPERAND} after '{tokens[-1].text}'", len(text))
        if self.stack:
            raise ExpressionError("missing ')'", len(text))
        return self.lexed


def normalise(text, functions, constants):
    """Check ``text`` and return its Lexed form.

    ``functions`` maps each callable name to its (min, max) argument count (max None: any);
    ``constants`` is the set of names kept as they are (x, y, pi, e).
    """
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression too long (at most {MAX_LENGTH} characters)", MAX_LENGTH)
    tokens = tokenize(text)
    if len(tokens) > MAX_TOKENS:
        raise ExpressionError(f"expression too long (at most {MAX_TOKENS} symbols)", tokens[MAX_TOKENS].column)
    return _Normaliser(text, functions, constants).run(tokens)
