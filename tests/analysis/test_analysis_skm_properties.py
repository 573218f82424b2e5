"""Properties of the IKM that any correct implementation must have."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analysis.skm import ELEMENT_CODES, ikm

complete = arrays(np.int64, st.tuples(st.integers(1, 40), st.just(9)), elements=st.integers(1, 4))
with_gaps = arrays(np.int64, st.tuples(st.integers(1, 40), st.just(9)), elements=st.integers(0, 4))


def _answered(s):
    return bool(np.all((s > 0).any(axis=0)))


@settings(deadline=None)
@given(with_gaps)
def test_ikm_on_the_25_100_scale(scores):
    r = ikm(scores)
    if _answered(scores):
        assert 25.0 <= float(r.ikm) <= 100.0
        assert r.grade.mutu in "ABCD"
    else:
        assert np.isnan(r.ikm)


@settings(deadline=None)
@given(with_gaps, st.randoms(use_true_random=False))
def test_invariant_to_row_order(scores, random):
    rows = list(range(scores.shape[0]))
    random.shuffle(rows)
    a, b = ikm(scores), ikm(scores[rows])
    np.testing.assert_array_equal(a.ikm, b.ikm)
    np.testing.assert_allclose(a.nrr, b.nrr)


@settings(deadline=None)
@given(complete, st.permutations(range(9)), st.lists(st.integers(1, 20), min_size=9, max_size=9))
def test_invariant_to_column_order_when_codes_move(scores, perm, raw):
    weights = {c: w / sum(raw) for c, w in zip(ELEMENT_CODES, raw, strict=True)}
    # The same survey stored with columns permuted: codes move with their columns.
    permuted_codes = [ELEMENT_CODES[p] for p in perm]
    restored = np.empty_like(scores)
    for j, code in enumerate(permuted_codes):
        restored[:, ELEMENT_CODES.index(code)] = scores[:, perm][:, j]
    a, b = ikm(scores, weights), ikm(restored, weights)
    assert float(a.ikm_1_4) == float(b.ikm_1_4)


@settings(deadline=None)
@given(complete)
def test_equal_weights_and_no_gaps_is_25_times_grand_mean(scores):
    r = ikm(scores)
    assert np.isclose(25 * float(r.ikm_1_4), 25 * scores.mean(), rtol=0, atol=1e-9)


@settings(deadline=None, max_examples=200)
@given(with_gaps, st.data())
def test_monotone_when_one_answer_rises(scores, data):
    i = data.draw(st.integers(0, scores.shape[0] - 1))
    j = data.draw(st.integers(0, 8))
    if scores[i, j] in (0, 4):  # missing answers are not "raised"; 4 is the top
        return
    higher = scores.copy()
    higher[i, j] += data.draw(st.integers(1, 4 - int(scores[i, j])))
    before, after = ikm(scores), ikm(higher)
    if _answered(scores):
        assert float(after.ikm_1_4) >= float(before.ikm_1_4)
        assert float(after.ikm) >= float(before.ikm)
        assert after.grade.mutu <= before.grade.mutu  # "A" < "B": never a worse grade
