import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(20170614)


@pytest.fixture
def column_sums_matrix():
    return matrix_with_column_sums


def matrix_with_column_sums(sums, n):
    """A respondent matrix (n, 9) of scores 1..4 whose columns add up to ``sums``."""
    out = np.empty((n, len(sums)), dtype=np.int64)
    for j, total in enumerate(sums):
        base, extra = divmod(total, n)
        col = np.full(n, base)
        col[:extra] += 1
        out[:, j] = col
    return out
