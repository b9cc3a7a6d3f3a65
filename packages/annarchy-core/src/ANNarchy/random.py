"""Random distributions: thin, validated wrappers around `numpy.random.Generator`.

They are used to initialise attributes (``pop.v = ann.Uniform(-70., -50.)``) and the weights or
delays of connectors (``proj.all_to_all(weights=ann.Normal(0.5, 0.1, min=0.0))``). Inside
equations the same names are parsed by ``annarchy_parser`` and drawn by the generated code.

Which generator draws the values, in order of precedence:

1. the ``rng`` given to the constructor (the user's explicit choice);
2. the ``rng`` given to `RandomDistribution.get_values` (the network passes its
   ``default_rng``, seeded by ``Network(seed=...)``);
3. a generator created once per object with `numpy.random.default_rng`.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

from .errors import InvalidConfiguration

__all__ = [
    "RandomDistribution",
    "RandomDistributionError",
    "Uniform",
    "DiscreteUniform",
    "Normal",
    "LogNormal",
    "Exponential",
    "Gamma",
    "Binomial",
]


class RandomDistributionError(InvalidConfiguration, ValueError):
    """Invalid arguments given to a random distribution."""


def _real(owner: str, name: str, value) -> float:
    """Return ``value`` as a finite float, or raise naming the distribution and argument."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise RandomDistributionError(
            f"{owner}: the argument '{name}' must be a finite number, got {value!r}."
        )
    return float(value)


def _integer(owner: str, name: str, value) -> int:
    """Return ``value`` as an int (integral floats accepted), or raise."""
    if isinstance(value, Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, Real) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    raise RandomDistributionError(
        f"{owner}: the argument '{name}' must be an integer, got {value!r}."
    )


def _bounds(owner: str, min, max) -> tuple[float | None, float | None]:
    """Validate optional clipping bounds."""
    lo = None if min is None else _real(owner, "min", min)
    hi = None if max is None else _real(owner, "max", max)
    if lo is not None and hi is not None and lo > hi:
        raise RandomDistributionError(f"{owner}: min ({lo}) must not be larger than max ({hi}).")
    return lo, hi


def _check_rng(owner: str, rng) -> np.random.Generator | None:
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise RandomDistributionError(
            f"{owner}: 'rng' must be a numpy.random.Generator (np.random.default_rng(seed)), "
            f"got {type(rng).__name__}."
        )
    return rng


class RandomDistribution:
    """Base class of the random distributions.

    Subclasses implement `_draw` and list their argument names in ``_args``.

    Parameters
    ----------
    rng : numpy.random.Generator, optional
        Generator used for every draw. When omitted, the generator passed to
        `get_values` is used, or else one made by `numpy.random.default_rng`.
    """

    _args: tuple[str, ...] = ()
    _latex: str = ""
    _clipped: bool = True  # whether min/max clip the samples (not for the uniform laws)

    def __init__(self, rng: np.random.Generator | None = None):
        self.rng = _check_rng(type(self).__name__, rng)
        self._own_rng: np.random.Generator | None = None
        self.min: float | None = None
        self.max: float | None = None

    def _generator(self, rng: np.random.Generator | None) -> np.random.Generator:
        if self.rng is not None:
            return self.rng
        if rng is not None:
            return _check_rng(type(self).__name__, rng)
        if self._own_rng is None:
            self._own_rng = np.random.default_rng()
        return self._own_rng

    def _draw(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        """Samples of the law (the subclasses define it, or override ``get_values``)."""
        raise RandomDistributionError(
            f"{type(self).__name__} defines no law to draw from: a RandomDistribution subclass "
            "defines _draw(rng, shape) or overrides get_values(shape, rng)."
        )

    def get_values(self, shape, rng: np.random.Generator | None = None) -> np.ndarray:
        """Return a numpy array of the given shape filled with samples.

        Parameters
        ----------
        shape : int or tuple of int
            Shape of the array.
        rng : numpy.random.Generator, optional
            Generator to use when the distribution was created without one.

        Returns
        -------
        numpy.ndarray
            Samples, clipped to ``[min, max]`` where the distribution has bounds.
        """
        shape = (int(shape),) if np.isscalar(shape) else tuple(int(s) for s in shape)
        if any(s < 0 for s in shape):
            raise RandomDistributionError(
                f"{type(self).__name__}.get_values(): negative dimension in shape {shape}."
            )
        values = self._draw(self._generator(rng), shape)
        if self._clipped and self.min is not None:
            np.maximum(values, self.min, out=values)
        if self._clipped and self.max is not None:
            np.minimum(values, self.max, out=values)
        return values

    def get_value(self, rng: np.random.Generator | None = None):
        """Return a single sample.

        Parameters
        ----------
        rng : numpy.random.Generator, optional
            Generator to use when the distribution was created without one.

        Returns
        -------
        float or int
            A Python float, or int for discrete distributions.
        """
        return self.get_values((1,), rng=rng)[0].item()

    def get_list_values(self, size: int, rng: np.random.Generator | None = None) -> list:
        """Return ``size`` samples as a Python list.

        Parameters
        ----------
        size : int
            Number of samples.
        rng : numpy.random.Generator, optional
            Generator to use when the distribution was created without one.

        Returns
        -------
        list
        """
        return self.get_values((size,), rng=rng).tolist()

    def keywords(self) -> list[str]:
        """Names of the arguments defining the distribution."""
        return list(self._args)

    def arguments(self) -> dict[str, object]:
        """The arguments defining the distribution, by name (``min``/``max`` when set)."""
        out = {name: getattr(self, name) for name in self._args}
        for name in ("min", "max"):
            if name not in out and getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out

    def latex(self) -> str:
        """A LaTeX description, for reports."""
        args = ", ".join(f"{getattr(self, n)}" for n in self._args)
        return f"$\\mathcal{{{self._latex}}}({args})$"

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.arguments().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and self.arguments() == other.arguments()

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(self.arguments().items())))


class Uniform(RandomDistribution):
    """Uniform distribution between ``min`` and ``max`` (floats in ``[min, max)``).

    Parameters
    ----------
    min, max : float
        Bounds of the interval; ``min <= max``.
    rng : numpy.random.Generator, optional
        Generator to draw from (see the module documentation).
    """

    _args = ("min", "max")
    _latex = "U"
    _clipped = False

    def __init__(self, min: float, max: float, rng: np.random.Generator | None = None):
        super().__init__(rng)
        lo, hi = _real("Uniform", "min", min), _real("Uniform", "max", max)
        if lo > hi:
            raise RandomDistributionError(
                f"Uniform: the minimum value (min = {lo}) must be smaller than the maximum "
                f"value (max = {hi}); swap the two arguments."
            )
        self.min, self.max = lo, hi

    def _draw(self, rng, shape):
        return rng.uniform(self.min, self.max, shape)


class DiscreteUniform(RandomDistribution):
    """Discrete uniform distribution: integers in ``[min, max]``, both bounds included.

    Parameters
    ----------
    min, max : int
        Smallest and largest value; ``min <= max``.
    rng : numpy.random.Generator, optional
        Generator to draw from (see the module documentation).
    """

    _args = ("min", "max")
    _latex = "U"
    _clipped = False

    def __init__(self, min: int, max: int, rng: np.random.Generator | None = None):
        super().__init__(rng)
        lo = _integer("DiscreteUniform", "min", min)
        hi = _integer("DiscreteUniform", "max", max)
        if lo > hi:
            raise RandomDistributionError(
                f"DiscreteUniform: the minimum value (min = {lo}) must not be larger than the "
                f"maximum value (max = {hi})."
            )
        self.min, self.max = lo, hi

    def _draw(self, rng, shape):
        return rng.integers(self.min, self.max, shape, endpoint=True, dtype=np.int64)


class Normal(RandomDistribution):
    """Normal distribution, optionally clipped to ``[min, max]``.

    Parameters
    ----------
    mu : float
        Mean.
    sigma : float
        Standard deviation (>= 0).
    min, max : float, optional
        Samples below ``min`` (above ``max``) are set to ``min`` (``max``).
    rng : numpy.random.Generator, optional
        Generator to draw from (see the module documentation).
    """

    _args = ("mu", "sigma")
    _latex = "N"

    def __init__(self, mu, sigma, min=None, max=None, rng=None):
        super().__init__(rng)
        self.mu = _real("Normal", "mu", mu)
        self.sigma = _real("Normal", "sigma", sigma)
        if self.sigma < 0:
            raise RandomDistributionError(
                f"Normal: the standard deviation sigma must be positive, got {self.sigma}."
            )
        self.min, self.max = _bounds("Normal", min, max)

    def _draw(self, rng, shape):
        return rng.normal(self.mu, self.sigma, shape)


class LogNormal(RandomDistribution):
    """Log-normal distribution: ``exp(X)`` with ``X ~ Normal(mu, sigma)``, optionally clipped.

    Parameters
    ----------
    mu : float
        Mean of the underlying normal distribution.
    sigma : float
        Standard deviation of the underlying normal distribution (>= 0).
    min, max : float, optional
        Clipping bounds.
    rng : numpy.random.Generator, optional
        Generator to draw from (see the module documentation).
    """

    _args = ("mu", "sigma")
    _latex = "LN"

    def __init__(self, mu, sigma, min=None, max=None, rng=None):
        super().__init__(rng)
        self.mu = _real("LogNormal", "mu", mu)
        self.sigma = _real("LogNormal", "sigma", sigma)
        if self.sigma < 0:
            raise RandomDistributionError(
                f"LogNormal: the standard deviation sigma must be positive, got {self.sigma}."
            )
        self.min, self.max = _bounds("LogNormal", min, max)

    def _draw(self, rng, shape):
        return rng.lognormal(self.mu, self.sigma, shape)


class Exponential(RandomDistribution):
    """Exponential distribution of density ``Lambda * exp(-Lambda * x)`` (mean ``1/Lambda``).

    Parameters
    ----------
    Lambda : float
        Rate parameter (> 0). Capitalised because ``lambda`` is a Python keyword.
    min, max : float, optional
        Clipping bounds.
    rng : numpy.random.Generator, optional
        Generator to draw from (see the module documentation).
    """

    _args = ("Lambda",)
    _latex = "Exp"

    def __init__(self, Lambda, min=None, max=None, rng=None):
        super().__init__(rng)
        self.Lambda = _real("Exponential", "Lambda", Lambda)
        if self.Lambda <= 0:
            raise RandomDistributionError(
                f"Exponential: the rate parameter Lambda must be positive, got {self.Lambda}."
            )
        self.min, self.max = _bounds("Exponential", min, max)

    def _draw(self, rng, shape):
        return rng.exponential(1.0 / self.Lambda, shape)


class Gamma(RandomDistribution):
    """Gamma distribution with shape ``alpha`` and scale ``beta`` (mean ``alpha * beta``).

    Parameters
    ----------
    alpha : float
        Shape (> 0).
    beta : float, default 1.0
        Scale (> 0).
    min, max : float, optional
        Clipping bounds.
    rng : numpy.random.Generator, optional
        Generator to draw from (see the module documentation).
    """

    _args = ("alpha", "beta")
    _latex = "\\Gamma"

    def __init__(self, alpha, beta=1.0, min=None, max=None, rng=None):
        super().__init__(rng)
        self.alpha = _real("Gamma", "alpha", alpha)
        self.beta = _real("Gamma", "beta", beta)
        if self.alpha <= 0 or self.beta <= 0:
            raise RandomDistributionError(
                f"Gamma: the shape alpha and the scale beta must be positive, got "
                f"alpha={self.alpha}, beta={self.beta}."
            )
        self.min, self.max = _bounds("Gamma", min, max)

    def _draw(self, rng, shape):
        return rng.gamma(self.alpha, self.beta, shape)


class Binomial(RandomDistribution):
    """Binomial distribution: the number of successes in ``n`` trials of probability ``p``.

    Parameters
    ----------
    n : int
        Number of trials (>= 0).
    p : float
        Probability of success, in ``[0, 1]``.
    rng : numpy.random.Generator, optional
        Generator to draw from (see the module documentation).
    """

    _args = ("n", "p")
    _latex = "B"

    def __init__(self, n, p, rng=None):
        super().__init__(rng)
        self.n = _integer("Binomial", "n", n)
        self.p = _real("Binomial", "p", p)
        if self.n < 0 or not 0.0 <= self.p <= 1.0:
            raise RandomDistributionError(
                f"Binomial: n must be >= 0 and p in [0, 1], got n={self.n}, p={self.p}."
            )

    def _draw(self, rng, shape):
        return rng.binomial(self.n, self.p, shape).astype(np.int64, copy=False)
