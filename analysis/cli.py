"""Command line: ``python -m analysis {ikm,sample-size,alpha,compare,dea} ...`` → JSON on stdout.

Input problems (a malformed file, a bad option) print one ``error: ...`` line on stderr and
exit with status 2; nothing else is ever printed on failure.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

import numpy as np

from .csvio import CsvError, element_matrix, numeric_column, read_table
from .sample import krejcie_morgan
from .skm import ELEMENT_CODES, element_weights, grouped_ikm

# scipy.stats and scipy.optimize take a second to import: commands import them when needed.


class UsageError(ValueError):
    """A bad command-line argument."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, status 2, no usage dump
        raise UsageError(message)


def _split(value: str) -> list[str]:
    items = [v.strip() for v in value.split(",")]
    if not all(items):
        raise UsageError(f"empty name in list {value!r}")
    return items


def _weights(value: str | None) -> dict[str, float] | None:
    if value is None:
        return None
    out = {}
    for item in _split(value):
        code, sep, w = item.partition("=")
        try:
            out[code.strip()] = float(w)
        except ValueError:
            raise UsageError(f"--weights: expected code=weight, got {item!r}") from None
        if not sep:
            raise UsageError(f"--weights: expected code=weight, got {item!r}")
    return out


def _num(x: float, digits: int):
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def _p(x: float):
    """A p-value at full precision (rounding to 6 decimals would print 1.6e-26 as 0.0)."""
    x = float(x)
    return x if math.isfinite(x) else None


def cmd_ikm(args) -> dict:
    table = read_table(args.file)
    scores = element_matrix(table)
    by = _split(args.by) if args.by else []
    keys = list(zip(*(table.column(c) for c in by), strict=True)) if by else [()] * len(scores)
    levels = sorted(set(keys))
    code_of = {k: i for i, k in enumerate(levels)}
    codes = np.array([code_of[k] for k in keys], dtype=np.int64)
    weights = _weights(args.weights)
    try:
        element_weights(weights)
    except ValueError as exc:  # "weights must ..." / "weights: ...": name the option once
        raise UsageError(f"--{exc}") from None
    res = grouped_ikm(codes, scores, len(levels), weights)
    n = np.bincount(codes, minlength=len(levels))
    groups = []
    for g, key in enumerate(levels):
        groups.append(
            {
                "by": dict(zip(by, key, strict=True)),
                "n": int(n[g]),
                "nrr": {c: _num(v, 4) for c, v in zip(ELEMENT_CODES, res.nrr[g], strict=True)},
                "ikm": _num(res.ikm[g], 2),
                "mutu": str(res.mutu[g]) or None,
                "kinerja": str(res.kinerja[g]) or None,
            }
        )
    return {"groups": groups}


def cmd_sample_size(args) -> dict:
    try:
        population = int(args.population)
    except ValueError:
        raise UsageError(f"population must be a whole number, got {args.population!r}") from None
    return {"population": population, "sample": krejcie_morgan(population)}


def cmd_alpha(args) -> dict:
    from .reliability import cronbach_alpha

    table = read_table(args.file)
    r = cronbach_alpha(element_matrix(table))
    return {
        "alpha": _num(r.alpha, 4),
        "ci95": [_num(r.ci[0], 4), _num(r.ci[1], 4)],
        "n": r.n,
        "item_total": {c: _num(v, 4) for c, v in zip(ELEMENT_CODES, r.item_total, strict=True)},
    }


def cmd_compare(args) -> dict:
    from .stats import compare_groups, respondent_scores

    table = read_table(args.file)
    values = respondent_scores(element_matrix(table))
    r = compare_groups(values, np.array(table.column(args.by), dtype=object))
    return {
        "kruskal": {"H": _num(r.H, 6), "p": _p(r.p)},
        "dunn_holm": [{"a": d.a, "b": d.b, "p": _p(d.p_holm)} for d in r.pairs],
    }


def cmd_dea(args) -> dict:
    from .dea import dea

    table = read_table(args.file)
    ids = table.column(args.id)
    x = np.column_stack([numeric_column(table, c, args.decimal) for c in _split(args.inputs)])
    y = np.column_stack([numeric_column(table, c, args.decimal) for c in _split(args.outputs)])
    r = dea(x, y, ids=ids, rts=args.rts, orientation=args.orientation)
    return {
        "units": [
            {
                "id": uid,
                "efficiency": _num(e, 6),
                "peers": {str(k): _num(v, 6) for k, v in peers.items()},
            }
            for uid, e, peers in zip(r.ids, r.efficiency, r.peers, strict=True)
        ]
    }


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m analysis", description="SKM/MPP analysis, JSON on stdout.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    s = sub.add_parser("ikm", help="IKM per group")
    s.add_argument("file")
    s.add_argument("--by", help="grouping column(s), comma separated")
    s.add_argument("--weights", help="custom weights code=w,... (must sum to 1)")
    s.set_defaults(func=cmd_ikm)
    s = sub.add_parser("sample-size", help="Krejcie–Morgan sample size")
    s.add_argument("population")
    s.set_defaults(func=cmd_sample_size)
    s = sub.add_parser("alpha", help="Cronbach's alpha of the nine elements")
    s.add_argument("file")
    s.set_defaults(func=cmd_alpha)
    s = sub.add_parser("compare", help="Kruskal–Wallis and Dunn–Holm between groups")
    s.add_argument("file")
    s.add_argument("--by", required=True)
    s.set_defaults(func=cmd_compare)
    s = sub.add_parser("dea", help="DEA efficiency (CCR/BCC)")
    s.add_argument("file")
    s.add_argument("--id", required=True)
    s.add_argument("--inputs", required=True)
    s.add_argument("--outputs", required=True)
    s.add_argument("--rts", choices=("crs", "vrs"), default="crs")
    s.add_argument("--orientation", choices=("input", "output"), default="input")
    s.add_argument(
        "--decimal",
        choices=(",", "."),
        help="decimal mark of the numbers: ',' Indonesian (1.234,5), '.' English (1,234.5)",
    )
    s.set_defaults(func=cmd_dea)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        result = args.func(args)
    except (CsvError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # raised by the analysis functions: the data cannot be analysed
        print(
            f"error: {getattr(args, 'file', '')}: {exc}".replace("error: : ", "error: "),
            file=sys.stderr,
        )
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")
    return 0
