"""Untrusted text -> Objective: ``parse_expression``, the way in.

The parser itself is in :mod:`gradviz.engine.builder` (nothing the user types is ever
evaluated as code; see there). This module imports neither it nor sympy: the text of a preset
is looked up first among the precompiled programs (:mod:`gradviz.engine.precompiled`), so
gradviz starts, with Rosenbrock on screen, without loading sympy; the first other expression
loads it.
"""

from gradviz.engine.tokens import ExpressionError

__all__ = ["ExpressionError", "parse_expression", "VARIABLES"]

MAX_CONSTANT = 1e100  # largest constant the user may type or compute
MAX_EXPONENT = 1000  # largest constant exponent
MAX_POWER_NESTING = 3  # x^(y^(x^y)) is as deep as powers go

VARIABLES = ("x", "y")


def parse_expression(text, params=None):
    """Parse ``text`` into an :class:`~gradviz.engine.objective.Objective`.

    ``params`` maps parameter names to values (default 1.0); names that do not appear in the
    text are ignored, so values survive while an expression is being edited.
    Raises :class:`ExpressionError` (``.message``, ``.column``) for any mistake.
    """
    from gradviz.engine.objective import Objective
    from gradviz.engine.precompiled import lookup

    if not isinstance(text, str):
        raise ExpressionError("the expression must be text", 0)
    found = lookup(text, params)
    if found is not None:
        return found
    expr, names = build(text)
    return Objective(text, expr, names, params)


def build(text):
    """Return (sympy expression, parameter names in order of appearance) for ``text``."""
    from gradviz.engine.builder import build as build_expression

    return build_expression(text)
