"""The SKM report builder and the official worksheet, checked against DOMAIN 2.2's worked example
and against an independent recomputation from the XLSX's respondent rows."""

from __future__ import annotations

import datetime as dt
import io
import math
import random

import openpyxl
import pytest

from analysis.skm import ELEMENT_CODES
from surveys.periods import parse_period
from surveys.reports import build_report, recent_periods, respondent_rows
from surveys.responses import submit_response
from surveys.validation import parse_submission
from tests.factories import make_mpp, submission_payload

NOW = dt.datetime(2026, 10, 20, 3, 0, tzinfo=dt.UTC)
# DOMAIN 2.2: 29 respondents, element sums in questionnaire order (sarana 8th, pengaduan 9th).
WORKED_SUMS = (105, 101, 100, 116, 102, 105, 106, 105, 115)


def worked_example_answers() -> list[dict]:
    """29 answer sets whose element sums are WORKED_SUMS (only 3s and 4s)."""
    people = [{} for _ in range(29)]
    for code, total in zip(ELEMENT_CODES, WORKED_SUMS, strict=True):
        fours = total - 3 * 29
        for i, person in enumerate(people):
            person[code] = 4 if i < fours else 3
    return people


def submit(session, mpp, answers, counter="L00", comment=None, when=NOW, channel="kiosk"):
    payload = submission_payload(counter=counter, service=None, answers=answers,
                                 comment=comment, submitted_at=when.isoformat())  # fmt: skip
    return submit_response(session, parse_submission(payload, when, channel), mpp, None, when)


def load_worked_example(session, mpp):
    for i, answers in enumerate(worked_example_answers()):
        submit(session, mpp, answers, when=NOW - dt.timedelta(minutes=7 * i))


def xlsx_ikm(data: bytes) -> tuple[int, float]:
    """Recompute the IKM from the worksheet's respondent rows alone (U1..U9 in columns B..J)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] in ("No. responden", "Respondent no."))
    respondents = []
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        respondents.append(row[1:10])
    nrr = []
    for e in range(9):
        answers = [r[e] for r in respondents if r[e] is not None]
        if not answers:  # an element nobody answered: no index
            return len(respondents), math.nan
        nrr.append(sum(answers) / len(answers))
    return len(respondents), round(25 * sum(nrr) / 9 + 1e-9, 2)


def test_worked_example_gives_91_48_a(session):
    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    report = build_report(session, mpp, parse_period("2026-10"))
    assert report.respondents == 29
    assert [e.total for e in report.elements] == list(WORKED_SUMS)
    assert report.elements[0].nrr == pytest.approx(105 / 29)
    assert report.elements[0].weighted == pytest.approx(105 / 29 / 9)
    assert report.ikm == 91.48 and (report.mutu, report.kinerja) == ("A", "Sangat baik")


def test_missing_answers_are_left_out_of_their_element_only(session):
    mpp = make_mpp(session)
    submit(session, mpp, {code: 4 for code in ELEMENT_CODES})
    submit(session, mpp, {"waktu": 1}, when=NOW - dt.timedelta(hours=1))
    report = build_report(session, mpp, parse_period("2026-10"))
    waktu = report.elements[ELEMENT_CODES.index("waktu")]
    assert (waktu.answers, waktu.total, waktu.nrr) == (2, 5, 2.5)
    assert report.elements[0].nrr == 4.0
    assert report.ikm == round(25 * (8 * 4 + 2.5) / 9, 2)


def test_tenant_report_and_respondent_rows(session):
    mpp = make_mpp(session)
    submit(session, mpp, {c: 4 for c in ELEMENT_CODES}, counter="L00", comment="Bagus")
    submit(session, mpp, {c: 2 for c in ELEMENT_CODES}, counter="L10")
    first, second = mpp.tenants
    report = build_report(session, mpp, parse_period("2026-Q4"), first)
    assert (report.respondents, report.ikm, report.tenant_name) == (1, 100.0, first.name)
    whole = build_report(session, mpp, parse_period("2026-Q4"))
    assert [s.respondents for s in whole.tenants] == [1, 1]
    assert respondent_rows(session, mpp, parse_period("2026-10"))[0].comment is None
    rows = respondent_rows(session, mpp, parse_period("2026-10"), first, with_comments=True)
    assert [(r.comment, r.scores) for r in rows] == [("Bagus", (4,) * 9)]


def test_empty_period_has_no_index(session):
    mpp = make_mpp(session)
    report = build_report(session, mpp, parse_period("2025-01"))
    assert not report.has_data and math.isnan(report.ikm) and report.mutu == ""
    assert report.sample is None and report.trend[-1].respondents == 0


def test_sample_adequacy_uses_monthly_visitors(session):
    from surveys.operations import MonthlyFigures

    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    session.add(MonthlyFigures(mpp_id=mpp.id, tenant_id=mpp.tenants[0].id,
                               month=dt.date(2026, 10, 1), visitors=1000))  # fmt: skip
    session.commit()
    report = build_report(session, mpp, parse_period("2026-10"))
    assert (report.population, report.sample.required, report.sample.shortfall) == (1000, 278, 249)


def test_recent_periods_cover_months_quarters_semesters_years():
    codes = [p.code for p in recent_periods(dt.date(2026, 11, 23))]
    assert codes[:2] == ["2026-11", "2026-10"] and "2026-Q4" in codes and "2026-S1" in codes
    assert codes[-2:] == ["2026", "2025"]


def test_cli_xlsx_recomputes_to_the_worked_example(app, session, tmp_path):
    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    out = tmp_path / "skm.xlsx"
    args = ["report", "skm", "--mpp", mpp.code, "--period", "2026-10", "-o", str(out)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert xlsx_ikm(out.read_bytes()) == (29, 91.48)


def test_cli_xlsx_agrees_with_the_builder_on_random_answers(app, session, tmp_path):
    mpp = make_mpp(session, tenants=2)
    rng = random.Random(7)
    for i in range(120):
        answers = {c: rng.choice((1, 2, 3, 3, 4, 4, None)) for c in ELEMENT_CODES}
        answers = {c: v for c, v in answers.items() if v is not None} or {"waktu": 2}
        submit(session, mpp, answers, counter=rng.choice(("L00", "L01", "L10")),
               when=NOW - dt.timedelta(days=rng.randrange(60), minutes=i))  # fmt: skip
    for period, tenant in (("2026-Q3", None), ("2026-S2", None), ("2026", mpp.tenants[1])):
        out = tmp_path / f"{period}.xlsx"
        args = ["report", "skm", "--mpp", mpp.code, "--period", period, "-o", str(out)]
        if tenant is not None:
            args += ["--tenant", tenant.agency.code]
        assert app.test_cli_runner().invoke(args=args).exit_code == 0
        report = build_report(session, mpp, parse_period(period), tenant)
        assert xlsx_ikm(out.read_bytes()) == (report.respondents, report.ikm)


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "26", "banana", ""])
def test_cli_bad_period_is_a_usage_error(app, session, tmp_path, period):
    mpp = make_mpp(session)
    result = app.test_cli_runner().invoke(
        args=["report", "skm", "--mpp", mpp.code, "--period", period, "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 2
    assert "--period" in result.output and "2026-Q3" in result.output


def test_cli_unknown_mpp_or_tenant_is_a_usage_error(app, session, tmp_path):
    mpp = make_mpp(session)
    runner = app.test_cli_runner()
    base = ["report", "skm", "--period", "2026-10", "-o", str(tmp_path / "x")]
    assert runner.invoke(args=[*base, "--mpp", "nowhere"]).exit_code == 2
    assert runner.invoke(args=[*base, "--mpp", mpp.code, "--tenant", "nope"]).exit_code == 2


def test_cli_pdf_and_poster(app, session, tmp_path):
    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    runner = app.test_cli_runner()
    for fmt, magic in (("pdf", b"%PDF"), ("poster-png", b"\x89PNG"), ("poster-pdf", b"%PDF")):
        out = tmp_path / fmt
        args = ["report", "skm", "--mpp", mpp.code, "--period", "2026-10", "--format", fmt,
                "--lang", "en", "-o", str(out)]  # fmt: skip
        assert runner.invoke(args=args).exit_code == 0
        assert out.read_bytes().startswith(magic)
