"""Random draws inside equations (``Uniform(0, 1)``, ``Normal(0, 1)``, ...), the same numbers as
the openmp backend: a counter-based generator (Philox-4x32-10) keyed by the network seed, the
step, the draw's number in the network (populations, then projections, in the models' order)
and the element's index (neuron rank; ``post << 32 | pre`` for a synapse, ``post`` for a row).
"""

from __future__ import annotations

import numpy as np
from ANNarchy.errors import InvalidConfiguration

M32 = np.uint64(0xFFFFFFFF)
#: distribution -> number of parameters before the optional (min, max) bounds
PARAMETERS = {
    "Uniform": 2,
    "DiscreteUniform": 2,
    "Normal": 2,
    "LogNormal": 2,
    "Exponential": 1,
    "Gamma": 2,
    "Binomial": 2,
}
BOUNDED = ("Normal", "LogNormal", "Exponential", "Gamma")


def seed_value(seed: int | None) -> int:
    """The seed of the draws: the network's, or fresh entropy (63 bits)."""
    if seed is None:
        seed = int(np.random.SeedSequence().entropy)
    return int(seed) & ((1 << 63) - 1)


def philox(seed: int, c0: int, c1: int, index: np.ndarray) -> list[np.ndarray]:
    """The four 32-bit words of Philox-4x32-10 for the counters (c0, c1, index)."""
    index = np.asarray(index, dtype=np.uint64)
    k0, k1 = seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF
    x0 = np.full(index.shape, c0 & 0xFFFFFFFF, dtype=np.uint64)
    x1 = np.full(index.shape, c1 & 0xFFFFFFFF, dtype=np.uint64)
    x2, x3 = index & M32, index >> np.uint64(32)
    for _ in range(10):
        p0 = np.uint64(0xD2511F53) * x0
        p1 = np.uint64(0xCD9E8D57) * x2
        n0 = (p1 >> np.uint64(32)) ^ x1 ^ np.uint64(k0)
        n2 = (p0 >> np.uint64(32)) ^ x3 ^ np.uint64(k1)
        x1, x3, x0, x2 = p1 & M32, p0 & M32, n0, n2
        k0, k1 = (k0 + 0x9E3779B9) & 0xFFFFFFFF, (k1 + 0xBB67AE85) & 0xFFFFFFFF
    return [x0, x1, x2, x3]


def open01(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """A double in (0, 1) from 64 random bits."""
    bits = ((hi << np.uint64(32)) | lo) >> np.uint64(11)
    return (bits.astype(np.float64) + 0.5) * 2.0**-53


class Draws:
    """The draws of one step: ``bits(uid, sub, index)`` and the distributions."""

    def __init__(self, seed: int, step: int):
        self.seed, self.step = seed, step

    def bits(self, uid: int, sub: int, index) -> list[np.ndarray]:
        return philox(self.seed, self.step, (uid << 16) | (sub & 0xFFFF), index)

    def uniform01(self, uid: int, index, sub: int = 0) -> np.ndarray:
        x = self.bits(uid, sub, index)
        return open01(x[0], x[1])

    def std_normal(self, uid: int, index, sub: int = 0) -> np.ndarray:
        x = self.bits(uid, sub, index)
        u1, u2 = open01(x[0], x[1]), open01(x[2], x[3])
        return np.sqrt(-2.0 * np.log(u1)) * np.cos(6.283185307179586 * u2)

    def draw(self, dist: str, uid: int, index, params: list) -> np.ndarray:
        if dist == "Uniform":
            low, high = params
            return low + (high - low) * self.uniform01(uid, index)
        if dist == "DiscreteUniform":
            a, b = np.ceil(params[0]), np.floor(params[1])
            return a + np.floor((b - a + 1.0) * self.uniform01(uid, index))
        if dist == "Normal":
            return params[0] + params[1] * self.std_normal(uid, index)
        if dist == "LogNormal":
            return np.exp(params[0] + params[1] * self.std_normal(uid, index))
        if dist == "Exponential":
            return -np.log(self.uniform01(uid, index)) / params[0]
        if dist == "Gamma":
            return self._gamma(uid, np.asarray(index), *params)
        return self._binomial(uid, np.asarray(index), *params)

    def _gamma(self, uid: int, index: np.ndarray, alpha, beta) -> np.ndarray:
        """Marsaglia and Tsang (shape ``alpha``, scale ``beta``), per element."""
        alpha = np.broadcast_to(np.asarray(alpha, dtype=float), index.shape).copy()
        boost = np.ones(index.shape)
        sub = np.zeros(index.shape, dtype=np.int64)
        small = alpha < 1.0
        if small.any():
            boost[small] = self.uniform01(uid, index[small]) ** (1.0 / alpha[small])
            alpha[small] += 1.0
            sub[small] = 1
        d = alpha - 1.0 / 3.0
        c = 1.0 / np.sqrt(9.0 * d)
        out = np.zeros(index.shape)
        todo = np.ones(index.shape, dtype=bool)
        while todo.any():
            for s in np.unique(sub[todo]):
                at = todo & (sub == s)
                z = self.std_normal(uid, index[at], int(s))
                u = self.uniform01(uid, index[at], int(s) + 1)
                v = (1.0 + c[at] * z) ** 3
                with np.errstate(invalid="ignore", divide="ignore"):
                    ok = (v > 0.0) & (
                        np.log(u) < 0.5 * z * z + d[at] - d[at] * v + d[at] * np.log(v)
                    )
                cells = np.flatnonzero(at)
                out[cells[ok]] = (
                    np.broadcast_to(beta, index.shape)[cells[ok]]
                    * boost[cells[ok]]
                    * d[cells[ok]]
                    * v[ok]
                )
                todo[cells[ok]] = False
                sub[cells] += 2
        return out

    def _binomial(self, uid: int, index: np.ndarray, n, p) -> np.ndarray:
        trials = int(np.max(n)) if np.size(n) else 0
        n = np.broadcast_to(np.trunc(n), index.shape)
        count = np.zeros(index.shape)
        for m in range(0, trials, 2):
            x = self.bits(uid, m // 2, index)
            count += (open01(x[0], x[1]) < p) & (m < n)
            count += (open01(x[2], x[3]) < p) & (m + 1 < n)
        return count


def draw_value(draws: Draws, draw, uid: int, index, evaluate, env) -> np.ndarray:
    """The value of the IR draw ``draw`` for the elements ``index`` (its arguments evaluated in
    ``env``), bounded by its optional (min, max)."""
    nparams = PARAMETERS.get(draw.dist)
    if nparams is None:
        raise InvalidConfiguration(
            f"Unknown random distribution '{draw.dist}' in equations "
            f"(known: {', '.join(PARAMETERS)})."
        )
    args = [None if getattr(a, "name", "") == "None" else evaluate(a, env) for a in draw.args]
    params = args[:nparams]
    if draw.dist == "Gamma" and len(params) == 1:
        params.append(1.0)
    if len(params) != nparams:
        raise InvalidConfiguration(
            f"{draw.dist} in equations takes {nparams} arguments, got {len(draw.args)}."
        )
    value = draws.draw(draw.dist, uid, index, params)
    bounds = args[nparams:]
    if bounds and draw.dist in BOUNDED:
        low = -np.inf if bounds[0] is None else bounds[0]
        high = bounds[1] if len(bounds) > 1 else np.inf
        value = np.where(value < low, low, np.where(value > high, high, value))
    return value
