"""Text from a file or a formula, made safe to show: no byte of it reaches a terminal raw.

A session file or a CSV may hold any character in a field name or a value, and messages
quote them (``unknown field "..."``). Printed raw, ``\\x1b[2J`` clears the reader's terminal,
U+202E turns the rest of the line around and a lone surrogate (``\\ud800``) cannot even be
encoded, so the print itself fails. Every error message the engine makes passes through
:func:`printable`. Standard library only (the command line imports it at start-up).
"""


def printable(text: str) -> str:
    """``text`` with every character that is not printable (controls, format characters such
    as U+202E, surrogates, unassigned code points; not the space) written as a Python escape:
    ``\\x1b``, ``\\u202e``, ``\\ud800``. Printable text is returned as it is."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch):
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
