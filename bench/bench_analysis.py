"""Benchmark: grouped IKM over 10 million synthetic responses (not a test).

Grouping is MPP × counter × month (300 MPPs, 40 counters, 12 months = 144,000 groups).
Prints the median wall time of 3 runs of code combination + counting + index.

    python bench/bench_analysis.py [n_rows]
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.skm import grouped_ikm  # noqa: E402

N_MPP, N_COUNTER, N_MONTH = 300, 40, 12


def synthetic(n, seed=0):
    rng = np.random.default_rng(seed)
    mpp = rng.integers(0, N_MPP, n, dtype=np.int32)
    counter = rng.integers(0, N_COUNTER, n, dtype=np.int32)
    month = rng.integers(0, N_MONTH, n, dtype=np.int32)
    # Scores 1..4 skewed to the top, about 3% left blank.
    scores = rng.choice(np.arange(5, dtype=np.int8), size=(n, 9), p=[0.03, 0.02, 0.08, 0.5, 0.37])
    return mpp, counter, month, scores


def run(mpp, counter, month, scores):
    codes = (mpp.astype(np.intp) * N_COUNTER + counter) * N_MONTH + month
    return grouped_ikm(codes, scores, N_MPP * N_COUNTER * N_MONTH)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    data = synthetic(n)
    times, cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        result = run(*data)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    groups = int(np.count_nonzero(result.n_answers.sum(axis=1)))
    print(f"grouped IKM, {n:,} responses, {groups:,} non-empty groups (MPP x counter x month)")
    print(
        f"median of 3 runs: {statistics.median(times):.3f} s  (runs: "
        + ", ".join(f"{t:.3f}" for t in times)
        + f"); median CPU time {statistics.median(cpu):.3f} s"
    )


if __name__ == "__main__":
    main()
