"""Named test functions with a good view, a start point, demonstration learning rates and
their known critical points.

Every minimum and saddle below was refined by Newton's method on the exact gradient at 50
significant digits and rounded to the nearest double; ``f`` is the exact value there, rounded.
Within each preset's domain the lists are complete (found by Newton from a 60 x 60 grid of
starts), except for Rastrigin and Ackley, whose dozens of local minima and saddles on an integer
lattice are left out: only their global minimum is listed. Local maxima are never listed.

Literature points that are not minima: of Goldstein-Price's tabulated critical points, the four
true minima are (0, -1) f=3, (-0.6, -0.4) f=30, (1.8, 0.2) f=84 and (1.2, 0.8) f=840; the points
(-0.4, -0.6) f=35, (1.2, -0.2) f=99, (1.4, 0.6) f=980 and (0.6, 0.4) f=990 are saddles
(indefinite Hessian) and (0.8, 0.2) f=1155 is a local maximum.

Learning rates were chosen by simulating each optimizer (``torch.optim`` formulas, momentum 0.9,
AdamW weight_decay 0.01) for 500 steps from ``start``: nothing overflows. On the unbounded
saddles the runs leave the domain, as they should.
"""

from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["CriticalPoint", "Preset", "PRESETS"]


class CriticalPoint(NamedTuple):
    """A point where grad f = 0 (or, if not ``smooth``, a kink that is a minimum).

    kind: "global" or "local" for minima, "saddle" for saddles.
    smooth: False where f is not differentiable (Ackley's cone tip): the gradient is NaN there.
    degenerate: True where the Hessian is singular, so the second-derivative test says nothing
    (the monkey saddle's Hessian is zero).
    """

    x: float
    y: float
    f: float
    kind: str
    smooth: bool = True
    degenerate: bool = False


@dataclass(frozen=True)
class Preset:
    """One named function.

    expression: text in the gradviz grammar. domain: ((xmin, xmax), (ymin, ymax)).
    start: (x0, y0). minima / saddles: tuples of CriticalPoint, global minima first.
    log_scale: colours and contours read better on a log scale (values span decades).
    lr: optimizer name -> learning rate for a good demonstration; treat it as read-only.
    description: one line for a tooltip, what the function teaches.
    """

    key: str
    name: str
    expression: str
    domain: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    minima: tuple[CriticalPoint, ...]
    saddles: tuple[CriticalPoint, ...]
    log_scale: bool
    lr: dict[str, float]
    description: str

    @property
    def global_minima(self) -> tuple[CriticalPoint, ...]:
        return tuple(m for m in self.minima if m.kind == "global")


def _rates(gd, momentum, adagrad, rmsprop, adam):
    """lr per optimizer; Nesterov shares momentum's, AdamW and AMSGrad share Adam's; Newton's
    full step and the line search's first trial are 1 everywhere (their own defaults)."""
    return {"gd": gd, "momentum": momentum, "nesterov": momentum, "adagrad": adagrad,
            "rmsprop": rmsprop, "adam": adam, "adamw": adam, "amsgrad": adam,
            "newton": 1.0, "gd_armijo": 1.0}


_P = CriticalPoint

_ALL = (
    Preset(
        "rosenbrock", "Rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2",
        ((-2.0, 2.0), (-1.0, 3.0)), (-1.2, 1.0),
        (_P(1.0, 1.0, 0.0, "global"),), (),
        True, _rates(2e-3, 1e-3, 0.5, 0.01, 0.1),
        "A curved, flat-bottomed valley: easy to find, slow to follow to (1, 1). Adam gets there "
        "in ~760 steps."),
    Preset(
        "bowl_10", "Quadratic bowl (condition 10)", "x^2 + 10*y^2",
        ((-3.0, 3.0), (-3.0, 3.0)), (-2.5, 1.5),
        (_P(0.0, 0.0, 0.0, "global"),), (),
        False, _rates(0.05, 0.005, 0.5, 0.02, 0.1),
        "A mildly stretched bowl (Hessian eigenvalues 2 and 20): plain gradient descent does well."),
    Preset(
        "ravine_100", "Ravine (condition 100)", "0.1*x^2 + 10*y^2",
        ((-3.0, 3.0), (-3.0, 3.0)), (-2.5, 1.5),
        (_P(0.0, 0.0, 0.0, "global"),), (),
        True, _rates(0.08, 0.01, 0.5, 0.02, 0.1),
        "An axis-aligned ravine (eigenvalues 0.2 and 20): GD zigzags, then crawls; "
        "Adam's per-coordinate scaling fixes it."),
    Preset(
        "rotated_ravine_100", "Rotated ravine (condition 100)", "0.05*(x + y)^2 + 5*(x - y)^2",
        ((-3.0, 3.0), (-3.0, 3.0)), (-0.7, -2.8),
        (_P(0.0, 0.0, 0.0, "global"),), (),
        True, _rates(0.08, 0.01, 0.5, 0.02, 0.1),
        "The same ravine turned 45 degrees: GD runs as before, "
        "but Adam's per-coordinate scaling no longer lines up with it."),
    Preset(
        "saddle", "Saddle", "x^2 - y^2",
        ((-2.0, 2.0), (-2.0, 2.0)), (-1.8, 0.02),
        (), (_P(0.0, 0.0, 0.0, "saddle"),),
        False, _rates(0.005, 0.0005, 0.05, 0.005, 0.01),
        "A saddle point: GD slides in and lingers before it escapes; adaptive methods escape at once."),
    Preset(
        "monkey_saddle", "Monkey saddle", "x^3 - 3*x*y^2",
        ((-1.5, 1.5), (-1.5, 1.5)), (1.2, 0.03),
        (), (_P(0.0, 0.0, 0.0, "saddle", degenerate=True),),
        False, _rates(0.002, 0.0002, 0.05, 0.002, 0.005),
        "A degenerate saddle (zero Hessian): the gradient fades quadratically, so GD stalls longer. "
        "Unbounded below."),
    Preset(
        "himmelblau", "Himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        ((-5.0, 5.0), (-5.0, 5.0)), (0.0, -1.0),
        (_P(3.0, 2.0, 0.0, "global"),
         _P(3.5844283403304917, -1.8481265269644036, 0.0, "global"),
         _P(-2.805118086952745, 3.131312518250573, 0.0, "global"),
         _P(-3.779310253377747, -3.2831859912861696, 0.0, "global")),
        (_P(3.385154183607021, 0.07385187983774928, 13.31192627040559, "saddle"),
         _P(0.08667750455539636, 2.884254701174776, 67.71915008752615, "saddle"),
         _P(-3.0730257507643897, -0.08135304428796751, 104.0151629175581, "saddle"),
         _P(-0.12796134673068008, -1.9537149802445763, 178.33723920192747, "saddle")),
        True, _rates(0.005, 0.002, 0.5, 0.02, 0.1),
        "Four equally deep minima: from this start GD and Adam end in different ones."),
    Preset(
        "sincos_bowl", "sin(x)·cos(y) + bowl", "sin(x)*cos(y) + 0.1*(x^2 + y^2)",
        ((-5.0, 5.0), (-5.0, 5.0)), (3.5, 3.0),
        (_P(-1.306440008369511, 0.0, -0.7945823375615283, "global"),
         _P(1.2655135490647689, 2.57195355743428, 0.018488110193108774, "local"),
         _P(1.2655135490647689, -2.57195355743428, 0.018488110193108774, "local"),
         _P(3.837467106499049, 0.0, 0.8315585579477459, "local")),
        (_P(0.335471510479665, 1.641911518849176, 0.2574490383957677, "saddle"),
         _P(0.335471510479665, -1.641911518849176, 0.2574490383957677, "saddle"),
         _P(2.907425067913945, 0.9300420385851038, 1.0705194861504048, "saddle"),
         _P(2.907425067913945, -0.9300420385851038, 1.0705194861504048, "saddle")),
        False, _rates(0.1, 0.02, 0.5, 0.02, 0.1),
        "Ripples on a bowl: one global and three local minima; gradient methods stop in the nearest."),
    Preset(
        "three_hump_camel", "Three-hump camel", "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2",
        ((-2.0, 2.0), (-2.0, 2.0)), (-1.6, -1.4),
        (_P(0.0, 0.0, 0.0, "global"),
         _P(-1.7475523458302888, 0.8737761729151444, 0.2986384422368598, "local"),
         _P(1.7475523458302888, -0.8737761729151444, 0.2986384422368598, "local")),
        (_P(-1.07054229182366, 0.53527114591183, 0.8773615577631402, "saddle"),
         _P(1.07054229182366, -0.53527114591183, 0.8773615577631402, "saddle")),
        True, _rates(0.01, 0.002, 0.2, 0.01, 0.05),
        "A global minimum between two shallow local ones: from here GD is trapped, Adam is not."),
    Preset(
        "six_hump_camel", "Six-hump camel",
        "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
        ((-2.0, 2.0), (-1.25, 1.25)), (-1.4, -0.2),
        (_P(-0.08984201310031806, 0.7126564030207396, -1.0316284534898774, "global"),
         _P(0.08984201310031806, -0.7126564030207396, -1.0316284534898774, "global"),
         _P(-1.703606714969981, 0.7960835686726251, -0.21546382438371764, "local"),
         _P(1.703606714969981, -0.7960835686726251, -0.21546382438371764, "local"),
         _P(-1.6071047529201972, -0.5686514548841314, 2.1042503103112584, "local"),
         _P(1.6071047529201972, 0.5686514548841314, 2.1042503103112584, "local")),
        (_P(0.0, 0.0, 0.0, "saddle"),
         _P(-1.1092053368047865, 0.7682680925095399, 0.5437186009781851, "saddle"),
         _P(1.1092053368047865, -0.7682680925095399, 0.5437186009781851, "saddle"),
         _P(-1.6380679841897785, -0.22867406904439408, 2.2293571975307147, "saddle"),
         _P(1.6380679841897785, 0.22867406904439408, 2.2293571975307147, "saddle"),
         _P(-1.2960702671671092, -0.6050843880386585, 2.22947081802986, "saddle"),
         _P(1.2960702671671092, 0.6050843880386585, 2.22947081802986, "saddle")),
        False, _rates(0.01, 0.002, 0.2, 0.01, 0.05),
        "Two global and four local minima: starting beside a saddle, GD and Adam fall different ways."),
    Preset(
        "styblinski_tang", "Styblinski-Tang", "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)",
        ((-5.0, 5.0), (-5.0, 5.0)), (0.5, 4.5),
        (_P(-2.903534027771177, -2.903534027771177, -78.33233140754282, "global"),
         _P(-2.903534027771177, 2.746802770990837, -64.19561235905536, "local"),
         _P(2.746802770990837, -2.903534027771177, -64.19561235905536, "local"),
         _P(2.746802770990837, 2.746802770990837, -50.05889331056788, "local")),
        (_P(-2.903534027771177, 0.1567312567803401, -38.97055334471606, "saddle"),
         _P(0.1567312567803401, -2.903534027771177, -38.97055334471606, "saddle"),
         _P(2.746802770990837, 0.1567312567803401, -24.833834296228584, "saddle"),
         _P(0.1567312567803401, 2.746802770990837, -24.833834296228584, "saddle")),
        False, _rates(0.01, 0.002, 0.5, 0.02, 0.1),
        "A double well in each coordinate: four minima, and every method keeps to its quadrant."),
    Preset(
        "beale", "Beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
        ((-4.5, 4.5), (-4.5, 4.5)), (1.0, 1.5),
        (_P(3.0, 0.5, 0.0, "global"),),
        (_P(0.10053793732415836, -2.644513585023125, 9.86451228475556, "saddle"),
         _P(0.0, 1.0, 14.203125, "saddle")),
        True, _rates(0.01, 0.001, 1.0, 0.02, 0.1),
        "Steep walls and a long, flat, curving valley floor: values span five decades."),
    Preset(
        "booth", "Booth", "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
        ((-10.0, 10.0), (-10.0, 10.0)), (-8.0, 6.0),
        (_P(1.0, 3.0, 0.0, "global"),), (),
        False, _rates(0.05, 0.01, 2.0, 0.1, 0.2),
        "A tilted quadratic (eigenvalues 2 and 18): a convex case where plain GD beats Adam."),
    Preset(
        "matyas", "Matyas", "0.26*(x^2 + y^2) - 0.48*x*y",
        ((-10.0, 10.0), (-10.0, 10.0)), (-8.0, -3.0),
        (_P(0.0, 0.0, 0.0, "global"),), (),
        False, _rates(0.5, 0.1, 2.0, 0.1, 0.5),
        "A nearly flat diagonal valley (eigenvalues 0.04 and 1): GD drops in, then crawls along it."),
    Preset(
        "goldstein_price", "Goldstein-Price",
        "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))"
        "*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
        ((-2.0, 2.0), (-2.0, 2.0)), (-1.25, -1.25),
        (_P(0.0, -1.0, 3.0, "global"),
         _P(-0.6, -0.4, 30.0, "local"),
         _P(1.8, 0.2, 84.0, "local"),
         _P(1.2, 0.8, 840.0, "local")),
        (_P(-0.4, -0.6, 35.0, "saddle"),
         _P(1.2, -0.2, 99.0, "saddle"),
         _P(1.4, 0.6, 980.0, "saddle"),
         _P(0.6, 0.4, 990.0, "saddle")),
        True, _rates(2e-5, 2e-6, 0.2, 0.005, 0.03),
        "Values span six decades, so GD needs a tiny step; from here GD finds the global minimum "
        "and Adam a local one."),
    Preset(
        "rastrigin", "Rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
        ((-5.12, 5.12), (-5.12, 5.12)), (3.3, -2.7),
        (_P(0.0, 0.0, 0.0, "global"),), (),
        False, _rates(0.002, 0.0005, 0.3, 0.01, 0.05),
        "A lattice of local minima on a bowl (only the global one is marked): "
        "every gradient method stops in the nearest."),
    Preset(
        "ackley", "Ackley",
        "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
        ((-5.0, 5.0), (-5.0, 5.0)), (3.3, -2.7),
        (_P(0.0, 0.0, 0.0, "global", smooth=False),), (),
        False, _rates(0.01, 0.002, 0.1, 0.01, 0.05),
        "A rippled plateau around a sharp cone (no gradient at its tip): "
        "local minima everywhere, only the global one is marked."),
)

PRESETS: dict[str, Preset] = {p.key: p for p in _ALL}
