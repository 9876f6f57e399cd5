"""What the variables are called: x, y and f for a function, w, b and the loss L in the
regression mode (w', b' with the feature scaled), and every label built from them.

The engine picks the names from the session (:func:`names_of`) and hands them out with what it
computes (``Landscape.names``, ``Slices.names``, ``Inspection.names``); the widgets show these
texts as they are, so one switch of the mode renames the axes, the readouts, the probe, the
slices, the curves and the inspector together. Pure: no Qt.
"""

from __future__ import annotations

from typing import NamedTuple

PARTIAL = "\u2202"
NABLA = "\u2207"
SUB0 = "\u2080"
PRIME = "\u2032"


class Names(NamedTuple):
    """The two axes' names and the value's: ``Names("x", "y", "f")``. A plain 3-tuple too, so
    ``x, y, f = names`` works where a tuple was used before."""

    x: str = "x"
    y: str = "y"
    f: str = "f"

    def partial(self, axis: str) -> str:
        """"∂f/∂x": the partial derivative along ``axis`` (one of the two names)."""
        return f"{PARTIAL}{self.f}/{PARTIAL}{axis}"

    @property
    def grad(self) -> str:
        """"∇f"."""
        return f"{NABLA}{self.f}"

    @property
    def grad_norm(self) -> str:
        """"|∇f|"."""
        return f"|{NABLA}{self.f}|"

    @property
    def grad_pair(self) -> str:
        """"∇f = (∂f/∂x, ∂f/∂y)"."""
        return f"{self.grad} = ({self.partial(self.x)}, {self.partial(self.y)})"

    @property
    def buffer(self) -> str:
        """The momentum buffer's symbol: "b", or "m" where b is an axis (the regression
        mode's bias), so that "b = μ·b + g" never reads as the bias."""
        return "m" if any(a.rstrip(PRIME) == "b" for a in (self.x, self.y)) else "b"

    @property
    def curves_title(self) -> str:
        """The curves dock's title: "f and |∇f| by step"."""
        return f"{self.f} and {self.grad_norm} by step"

    def slice_title(self, along: str, fixed: str) -> str:
        """A slice's title: "f(x, y₀ = 0.5) along x" for ``along`` the first axis, with the
        other axis fixed at the number ``fixed`` (already formatted)."""
        x, y = self.x, self.y
        args = f"{x}, {_sub0(y)} = {fixed}" if along == x else f"{_sub0(x)} = {fixed}, {y}"
        return f"{self.f}({args}) along {along}"


def _sub0(name: str) -> str:
    """``name`` with a subscript 0: "y₀", "b′₀" (the prime stays on the letter)."""
    return f"{name}{SUB0}"


FUNCTION = Names("x", "y", "f")
REGRESSION = Names("w", "b", "L")
SCALED = Names(f"w{PRIME}", f"b{PRIME}", "L")   # the line's coefficients on the scaled x'


def names_of(session) -> Names:
    """The names ``session`` shows: x, y, f; in the regression mode w, b, L (w', b' when the
    feature is scaled)."""
    if getattr(session, "mode", "function") != "regression":
        return FUNCTION
    config = getattr(session, "regression", None)
    return SCALED if config is not None and config.scaled else REGRESSION


# --- panel titles ---------------------------------------------------------------------------

SHORT_LABELS = {"Gradient descent": "GD", "Nesterov": "NAG"}
"""Short optimizer names for a narrow panel header (the others are short already: Momentum, Adam,
AdamW, AMSGrad, RMSprop, Adagrad). "GD" and "NAG" are the names lecture slides use."""

SHORT_SCHEDULES = {"step": "step", "exponential": "exp", "cosine": "cosine",
                   "warmup_cosine": "warm-up cos"}
"""A schedule in a word, after the learning rate in a title ("Adam, lr 0.1, cosine")."""


def rate_text(lr: float) -> str:
    """A learning rate as titles print it: 3 significant digits, compact exponent ("6.3e-6")."""
    return f"{lr:.3g}".replace("e-0", "e-").replace("e+0", "e+")


def panel_title(label: str, lr: float | None = None, schedule: str = "constant") -> str:
    """A panel's title: the optimizer, its learning rate and (if not constant) its schedule in
    a word: "Gradient descent, lr 0.02", "Adam, lr 0.1, cosine"."""
    parts = [label]
    if lr is not None:
        parts.append(f"lr {rate_text(lr)}")
    if schedule and schedule != "constant":
        parts.append(SHORT_SCHEDULES.get(schedule, schedule))
    return ", ".join(parts)


def title_forms(title: str) -> tuple[str, ...]:
    """``title`` and shorter spellings of it that keep every learning rate, longest first:
    "Gradient descent, lr 0.02" -> ("Gradient descent, lr 0.02", "GD, lr 0.02", "GD lr 0.02",
    "GD 0.02"). An overlay's "Overlay: Gradient descent · Adam" loses "Overlay: " last."""
    forms = [title]
    short = title
    for long, brief in SHORT_LABELS.items():
        short = short.replace(long, brief)
    forms.append(short)
    tight = short.replace(", lr ", " lr ").replace(", ", " ")
    forms.append(tight)
    forms.append(tight.replace(" lr ", " "))
    if tight.startswith("Overlay: "):
        forms.append(forms[-1].removeprefix("Overlay: "))
    return tuple(dict.fromkeys(forms))   # in order, without repeats
