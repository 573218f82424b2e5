"""Counting answers per group × element × score: the additive core of every SKM rollup.

Kept free of any index logic so that it can be reused for other grouped tallies.
"""

from __future__ import annotations

import numpy as np

N_ELEMENTS = 9


def grouped_counts(group_codes, scores, n_groups: int) -> np.ndarray:
    """Answer counts per group × element × score, shape ``(n_groups, 9, 4)``.

    Parameters
    ----------
    group_codes : array_like of int, shape (n,)
        Group of each respondent, in ``0 .. n_groups-1``.
    scores : array_like of int, shape (n, 9)
        Answers 1..4 in :data:`analysis.skm.ELEMENT_CODES` order; 0 = not answered.
    n_groups : int
        Number of groups (groups without respondents get zero counts).

    Notes
    -----
    One :func:`numpy.bincount` per element over ``group*5 + score``: linear time, no sort.
    """
    g = np.asarray(group_codes)
    s = np.asarray(scores)
    n_groups = int(n_groups)
    if n_groups < 1:
        raise ValueError("n_groups must be at least 1")
    if g.ndim != 1 or not np.issubdtype(g.dtype, np.integer):
        raise ValueError("group_codes must be a 1-d integer array")
    if s.ndim != 2 or s.shape[1] != N_ELEMENTS or s.shape[0] != g.shape[0]:
        raise ValueError(f"scores must have shape ({g.shape[0]}, 9), got {s.shape}")
    if not np.issubdtype(s.dtype, np.integer):
        raise ValueError("scores must be integers (0 = not answered)")
    if g.size and (g.min() < 0 or g.max() >= n_groups):
        raise ValueError(f"group_codes must lie in 0..{n_groups - 1}")
    if s.size and (s.min() < 0 or s.max() > 4):
        raise ValueError("scores must lie in 0..4 (0 = not answered)")
    # Index arrays in the platform integer: bincount would otherwise copy them to intp.
    base = g.astype(np.intp) * 5
    idx = np.empty_like(base)
    out = np.empty((n_groups, N_ELEMENTS, 5), dtype=np.int64)
    for e in range(N_ELEMENTS):
        np.add(base, s[:, e], out=idx, casting="unsafe")
        out[:, e, :] = np.bincount(idx, minlength=n_groups * 5).reshape(n_groups, 5)
    return out[:, :, 1:]


def respondent_matrix(scores) -> np.ndarray:
    """Validate a respondent matrix (n, 9) and return it as int (0 = not answered).

    Accepts integer arrays with 0 for missing answers or float arrays with NaN for missing.
    An int64 input is returned as is, not copied (callers only read it).
    """
    s = np.asarray(scores)
    if s.ndim != 2 or s.shape[1] != N_ELEMENTS:
        raise ValueError(f"scores must have shape (n, 9), got {s.shape}")
    if np.issubdtype(s.dtype, np.floating):
        s = np.where(np.isnan(s), 0.0, s)
        if np.any(s != np.round(s)):
            raise ValueError("scores must be whole numbers 1..4")
    elif not np.issubdtype(s.dtype, np.integer):
        raise ValueError("scores must be numeric")
    s = s.astype(np.int64, copy=False)
    if s.size and (s.min() < 0 or s.max() > 4):
        raise ValueError("scores must lie in 1..4 (0 or NaN = not answered)")
    return s
