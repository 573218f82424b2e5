"""The command line, run as a user would: ``python -m analysis ...`` in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as sps

from analysis.skm import ELEMENT_CODES

ROOT = Path(__file__).resolve().parents[2]
WORKED_SUMS = [105, 101, 100, 116, 102, 105, 106, 105, 115]


def run(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return proc


def ok(*args):
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def write_csv(path, header, rows, sep=","):
    lines = [sep.join(header)] + [sep.join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def worked_csv(tmp_path, column_sums_matrix):
    scores = column_sums_matrix(WORKED_SUMS, 29)
    # Columns in the questionnaire's order (sarana before pengaduan is Q8, Q9) and shuffled.
    order = [8, 0, 7, 2, 1, 4, 3, 6, 5]
    header = ["loket"] + [ELEMENT_CODES[j] for j in order]
    rows = [["A" if i % 2 else "B"] + [scores[i, j] for j in order] for i in range(29)]
    return write_csv(tmp_path / "skm.csv", header, rows), scores


def test_ikm_worked_example_any_column_order(worked_csv):
    path, _ = worked_csv
    out = ok("ikm", path)
    (g,) = out["groups"]
    assert g["by"] == {} and g["n"] == 29
    assert g["ikm"] == 91.48 and g["mutu"] == "A" and g["kinerja"] == "Sangat baik"
    assert g["nrr"]["persyaratan"] == 3.6207 and g["nrr"]["pengaduan"] == 3.9655
    assert list(g["nrr"]) == list(ELEMENT_CODES)


def test_ikm_by_group_and_weights(worked_csv, tmp_path):
    path, scores = worked_csv
    out = ok("ikm", path, "--by", "loket")
    assert [g["by"] for g in out["groups"]] == [{"loket": "A"}, {"loket": "B"}]
    assert sum(g["n"] for g in out["groups"]) == 29
    a_rows = scores[1::2]
    assert out["groups"][0]["ikm"] == round(25 * a_rows.mean(), 2)
    w = ",".join(f"{c}={0.2 if c == 'biaya' else 0.1}" for c in ELEMENT_CODES)
    out = ok("ikm", path, "--weights", w)
    expected = sum(
        (0.2 if c == "biaya" else 0.1) * s / 29
        for c, s in zip(ELEMENT_CODES, WORKED_SUMS, strict=True)
    )
    assert out["groups"][0]["ikm"] == pytest.approx(round(25 * expected, 2))
    bad = run("ikm", path, "--weights", ",".join(f"{c}=0.11" for c in ELEMENT_CODES))
    assert bad.returncode == 2 and "sum to 1" in bad.stderr


def test_ikm_semicolon_csv_with_blanks(tmp_path):
    header = ["mpp", "bulan", *ELEMENT_CODES]
    rows = [["Batam", "01", *[4] * 9], ["Batam", "02", 3, "", *[3] * 7], ["Batam", "02", *[2] * 9]]
    path = write_csv(tmp_path / "s.csv", header, rows, sep=";")
    out = ok("ikm", path, "--by", "mpp,bulan")
    assert out["groups"][1]["by"] == {"mpp": "Batam", "bulan": "02"}
    assert out["groups"][1]["nrr"]["prosedur"] == 2.0
    assert out["groups"][0]["ikm"] == 100.0


def test_sample_size():
    assert ok("sample-size", 1000) == {"population": 1000, "sample": 278}
    assert ok("sample-size", 1000000) == {"population": 1000000, "sample": 384}


def test_alpha(worked_csv):
    path, scores = worked_csv
    out = ok("alpha", path)
    assert set(out) == {"alpha", "ci95", "n", "item_total"}
    k = 9
    expected = k / (k - 1) * (1 - scores.var(axis=0, ddof=1).sum() / scores.sum(1).var(ddof=1))
    assert out["alpha"] == pytest.approx(expected, abs=1e-4)
    assert out["n"] == 29 and list(out["item_total"]) == list(ELEMENT_CODES)
    assert out["ci95"][0] < out["alpha"] < out["ci95"][1]


def test_compare(tmp_path):
    rng = np.random.default_rng(5)
    rows = []
    for g, shift in (("A", 0), ("B", 1), ("C", 0)):
        s = np.clip(rng.integers(1, 5, (25, 9)) + shift, 1, 4)
        rows += [[g, *r] for r in s]
    path = write_csv(tmp_path / "c.csv", ["loket", *ELEMENT_CODES], rows)
    out = ok("compare", path, "--by", "loket")
    x = np.array([25 * np.mean(r[1:]) for r in rows])
    h, p = sps.kruskal(x[:25], x[25:50], x[50:])
    assert out["kruskal"]["H"] == pytest.approx(h, abs=1e-5)
    assert out["kruskal"]["p"] == pytest.approx(p, abs=1e-6)
    assert [(d["a"], d["b"]) for d in out["dunn_holm"]] == [("A", "B"), ("A", "C"), ("B", "C")]


def test_compare_keeps_tiny_p_values(tmp_path):
    # Issue 16 item 7: p-values are printed at full precision, not rounded to 0.0. Expected
    # values from scipy.stats.kruskal and, for Dunn, Dunn's (1964) z recomputed here from
    # scipy's mid-ranks (tie correction, two-sided normal p, Holm 1979 over the 3 pairs).
    rng = np.random.default_rng(16)
    rows = [["A", *r] for r in rng.integers(1, 3, (60, 9))]
    rows += [["B", *r] for r in rng.integers(3, 5, (60, 9))]
    rows += [["C", *r] for r in rng.integers(1, 5, (60, 9))]
    path = write_csv(tmp_path / "c.csv", ["loket", *ELEMENT_CODES], rows)
    out = ok("compare", path, "--by", "loket")
    x = np.array([25 * np.mean(r[1:]) for r in rows])
    h, p = sps.kruskal(x[:60], x[60:120], x[120:])
    assert p < 1e-20
    assert out["kruskal"]["p"] == pytest.approx(p, rel=1e-9)
    ranks = sps.rankdata(x)
    _, t = np.unique(x, return_counts=True)
    n = len(x)
    s2 = n * (n + 1) / 12 - np.sum(t**3 - t) / (12 * (n - 1))
    rbar = [ranks[k * 60 : (k + 1) * 60].mean() for k in range(3)]
    raw = [
        2 * sps.norm.sf(abs(rbar[i] - rbar[j]) / np.sqrt(s2 * (2 / 60)))
        for i, j in ((0, 1), (0, 2), (1, 2))
    ]
    order = np.argsort(raw)
    holm = np.empty(3)
    holm[order] = np.minimum(1, np.maximum.accumulate((3 - np.arange(3)) * np.sort(raw)))
    got = [d["p"] for d in out["dunn_holm"]]
    assert got[0] < 1e-20
    assert got == pytest.approx(holm.tolist(), rel=1e-9)


def test_dea_hospitals(tmp_path):
    from .test_analysis_dea import CCR_PUBLISHED, HOSPITALS

    rows = [[k, *v] for k, v in HOSPITALS.items()]
    path = write_csv(
        tmp_path / "h.csv", ["rs", "dokter", "perawat", "rawat_jalan", "rawat_inap"], rows
    )
    out = ok(
        "dea",
        path,
        "--id",
        "rs",
        "--inputs",
        "dokter,perawat",
        "--outputs",
        "rawat_jalan,rawat_inap",
    )
    eff = {u["id"]: u["efficiency"] for u in out["units"]}
    for k, v in CCR_PUBLISHED.items():
        assert eff[k] == pytest.approx(v, abs=5e-4)
    assert set(out["units"][2]["peers"]) == {"B", "D"}
    out = ok(
        "dea",
        path,
        "--id",
        "rs",
        "--inputs",
        "dokter,perawat",
        "--outputs",
        "rawat_jalan,rawat_inap",
        "--rts",
        "vrs",
        "--orientation",
        "output",
    )
    assert all(0 < u["efficiency"] <= 1 for u in out["units"])


MALFORMED = {
    "missing element column": ("loket,persyaratan,prosedur\nA,4,4\n", "missing element column"),
    "score of 5": (",".join(ELEMENT_CODES) + "\n" + ",".join(["4"] * 8 + ["5"]) + "\n", "got '5'"),
    "text score": (
        ",".join(ELEMENT_CODES) + "\n" + ",".join(["4"] * 8 + ["baik"]) + "\n",
        "got 'baik'",
    ),
    "ragged row": (",".join(ELEMENT_CODES) + "\n4,4\n", "fields"),
    "empty": ("", "empty"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_files_one_error_line_status_2(tmp_path, case):
    text, needle = MALFORMED[case]
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    commands = [["ikm", path]]
    if case == "score of 5":  # the same reader serves every command: check them once
        commands += [["alpha", path], ["compare", path, "--by", "persyaratan"]]
    for cmd in commands:
        proc = run(*cmd)
        assert proc.returncode == 2, (cmd, proc.stderr)
        assert proc.stdout == ""
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
        assert needle in lines[0] and "Traceback" not in proc.stderr


def test_text_in_number_column_for_dea(tmp_path):
    path = write_csv(
        tmp_path / "d.csv", ["id", "loket", "transaksi"], [["a", 3, 100], ["b", "tiga", 120]]
    )
    proc = run("dea", path, "--id", "id", "--inputs", "loket", "--outputs", "transaksi")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"error: {path}: line 3: column 'loket': expected a number, got 'tiga'"
    )


DEA_ROWS = [["a", "1.234", 3, "120.500"], ["b", "2.001", 4, "98.250"], ["c", "1.500", 2, "80.000"]]


def test_dea_rejects_indonesian_thousands_in_semicolon_file(tmp_path):
    # Issue 16 item 6: in a ";"-separated export "1.234" is Indonesian for 1234; reading it as
    # 1.234 silently would change the DEA. Without --decimal the CLI refuses and says why.
    path = write_csv(tmp_path / "d.csv", ["id", "petugas", "loket", "transaksi"], DEA_ROWS, ";")
    args = ("dea", path, "--id", "id", "--inputs", "petugas,loket", "--outputs", "transaksi")
    proc = run(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (
        f"error: {path}: line 2: column 'petugas': '1.234' is ambiguous (Indonesian 1.234 is "
        "1234): pass --decimal , (Indonesian notation) or --decimal . (English notation)"
    )
    # With the notation stated: same efficiencies as the library on the numbers 1234, 2001, ...
    from analysis.dea import dea

    x = np.array([[1234, 3], [2001, 4], [1500, 2]], float)
    y = np.array([[120500], [98250], [80000]], float)
    expected = dea(x, y).efficiency
    out = ok(*args, "--decimal", ",")
    assert [u["efficiency"] for u in out["units"]] == pytest.approx(expected, abs=1e-6)
    out = ok(*args, "--decimal", ".")  # English: 1.234 is one point two three four
    small = dea(x / [1000, 1], y / 1000).efficiency
    assert [u["efficiency"] for u in out["units"]] == pytest.approx(small, abs=1e-6)


@pytest.mark.parametrize(
    ("text", "decimal", "delimiter", "value"),
    [
        ("1.234", ",", ";", 1234.0),
        ("1.234,5", ",", ";", 1234.5),
        ("2,5", ",", ";", 2.5),
        ("12.345.678", ",", ",", 12345678.0),
        ("1,234.5", ".", ";", 1234.5),
        ("1.234", ".", ";", 1.234),
        ("2,5", None, ";", 2.5),
        ("1.234", None, ",", 1.234),
        ("1.5", None, ";", 1.5),
        ("-3", None, "\t", -3.0),
    ],
)
def test_parse_number_notations(text, decimal, delimiter, value):
    from analysis.csvio import parse_number

    assert parse_number(text, decimal, delimiter) == value


@pytest.mark.parametrize(("text", "decimal"), [("1.234", None), ("1.234,5", None), ("1,2,3", ",")])
def test_parse_number_refuses_what_it_cannot_tell(text, decimal):
    from analysis.csvio import parse_number

    with pytest.raises(ValueError):
        parse_number(text, decimal, ";")


def test_weights_error_names_the_option_once(worked_csv):
    path, _ = worked_csv
    cases = {
        "persyaratan": "error: --weights: expected code=weight, got 'persyaratan'",
        "nilai=1": "error: --weights: unknown element code(s) ['nilai']",
        "persyaratan=0.5": "error: --weights must sum to 1 (got 0.5)",
    }
    for value, message in cases.items():
        proc = run("ikm", path, "--weights", value)
        assert proc.returncode == 2 and proc.stderr.strip() == message


@pytest.mark.parametrize(
    "args",
    [
        ["sample-size", "banyak"],
        ["sample-size", "0"],
        ["nonsense"],
        ["ikm"],
        ["ikm", "/nonexistent/file.csv"],
        ["dea", "x.csv", "--id", "a"],
    ],
)
def test_bad_arguments_one_line_status_2(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
