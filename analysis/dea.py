"""Data Envelopment Analysis: CCR and BCC models, envelopment form, solved with HiGHS."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

PEER_TOL = 1e-7


@dataclass(frozen=True, eq=False)
class DeaResult:
    """Efficiency of each decision-making unit (DMU) and its reference peers.

    Attributes
    ----------
    ids : tuple
        Unit identifiers, in input order.
    efficiency : ndarray, shape (n,)
        In (0, 1]; 1 = on the frontier. Input orientation: θ*. Output orientation: 1/η*
        (Farrell), so that both orientations read the same way.
    score : ndarray, shape (n,)
        Raw optimum: θ* (input) or η* ≥ 1 (output).
    lambdas : ndarray, shape (n, n)
        ``lambdas[o, j]`` = weight of unit j in the reference point of unit o.
    peers : tuple of dict
        Units with a positive lambda, ``{id: lambda}``.
    rts, orientation : str
        ``"crs"`` (CCR) or ``"vrs"`` (BCC); ``"input"`` or ``"output"``.
    """

    ids: tuple
    efficiency: np.ndarray
    score: np.ndarray
    lambdas: np.ndarray
    peers: tuple[dict, ...]
    rts: str
    orientation: str


def _check(x, name):
    a = np.asarray(x, dtype=float)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[1] == 0 or not np.all(np.isfinite(a)) or np.any(a < 0):
        raise ValueError(f"{name} must be a finite, non-negative (n, m) array")
    return a


def dea(inputs, outputs, ids=None, rts: str = "crs", orientation: str = "input") -> DeaResult:
    """Radial DEA efficiency of every unit against all units.

    Parameters
    ----------
    inputs : array_like, shape (n, m)
        Inputs per unit (e.g. counters, staff, opening hours); smaller is better.
    outputs : array_like, shape (n, s)
        Outputs per unit (e.g. transactions, satisfaction); larger is better.
    ids : sequence, optional
        Unit identifiers (default 0..n-1).
    rts : {"crs", "vrs"}
        Constant returns to scale (CCR) or variable returns (BCC, adds Σλ = 1).
    orientation : {"input", "output"}

    Notes
    -----
    Envelopment form (Charnes, Cooper & Rhodes 1978; Banker, Charnes & Cooper 1984; Cooper,
    Seiford & Tone, *Data Envelopment Analysis*, 2nd ed. 2007, ch. 3–4), for unit o::

        input:   min θ   s.t.  X λ ≤ θ x_o,  Y λ ≥ y_o,  λ ≥ 0  [, 1ᵀλ = 1 for BCC]
        output:  max η   s.t.  X λ ≤ x_o,    Y λ ≥ η y_o, λ ≥ 0  [, 1ᵀλ = 1 for BCC]

    Each is one :func:`scipy.optimize.linprog` call with ``method="highs"``. Only the radial
    (phase one) score is computed: a unit with efficiency 1 may still have slacks (weakly
    efficient), and when the optimal λ is not unique the peers are one optimal choice.
    """
    x, y = _check(inputs, "inputs"), _check(outputs, "outputs")
    n = x.shape[0]
    if y.shape[0] != n:
        raise ValueError(f"outputs must have {n} rows like inputs, got {y.shape[0]}")
    if n < 2:
        raise ValueError("inputs must describe at least 2 units")
    if rts not in ("crs", "vrs"):
        raise ValueError(f"rts must be 'crs' or 'vrs', got {rts!r}")
    if orientation not in ("input", "output"):
        raise ValueError(f"orientation must be 'input' or 'output', got {orientation!r}")
    ids = tuple(range(n)) if ids is None else tuple(ids)
    if len(ids) != n or len(set(ids)) != n:
        raise ValueError(f"ids must be {n} distinct identifiers")
    if np.any(x.sum(axis=1) == 0) or np.any(y.sum(axis=1) == 0):
        raise ValueError("every unit needs a positive input and a positive output")
    score = np.empty(n)
    lambdas = np.empty((n, n))
    for o in range(n):
        score[o], lambdas[o] = _solve(x, y, o, rts, orientation)
    efficiency = score if orientation == "input" else 1.0 / score
    lambdas[np.abs(lambdas) < PEER_TOL] = 0.0
    peers = tuple(
        {ids[j]: float(lambdas[o, j]) for j in np.flatnonzero(lambdas[o] > 0)} for o in range(n)
    )
    return DeaResult(ids, efficiency, score, lambdas, peers, rts, orientation)


def _solve(x, y, o, rts, orientation):
    n, m = x.shape
    s = y.shape[1]
    # Variables: [phi, lambda_1..lambda_n]; phi = theta (input) or eta (output).
    c = np.zeros(n + 1)
    if orientation == "input":
        c[0] = 1.0
        a_in = np.hstack([-x[o][:, None], x.T])  # X λ − θ x_o ≤ 0
        b_in = np.zeros(m)
        a_out = np.hstack([np.zeros((s, 1)), -y.T])  # −Y λ ≤ −y_o
        b_out = -y[o]
    else:
        c[0] = -1.0
        a_in = np.hstack([np.zeros((m, 1)), x.T])  # X λ ≤ x_o
        b_in = x[o]
        a_out = np.hstack([y[o][:, None], -y.T])  # η y_o − Y λ ≤ 0
        b_out = np.zeros(s)
    a_eq = b_eq = None
    if rts == "vrs":
        a_eq = np.hstack([[0.0], np.ones(n)])[None, :]
        b_eq = [1.0]
    res = linprog(
        c,
        A_ub=np.vstack([a_in, a_out]),
        b_ub=np.concatenate([b_in, b_out]),
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=[(None, None)] + [(0, None)] * n,
        method="highs",
    )
    if res.status != 0:
        raise ValueError(f"DEA programme for unit {o} failed: {res.message}")
    return res.x[0], res.x[1:]
