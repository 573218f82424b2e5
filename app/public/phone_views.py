"""The phone survey: a plain HTML form that works without JavaScript."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale

from app.extensions import db
from app.public import bp
from app.public.forms import (
    client_key,
    duration_since_shown,
    new_response_id,
    shown_stamp,
    survey_form_class,
)
from surveys.abuse import PhoneVisit
from surveys.catalogue import counter_by_code, mpp_by_code, service_choices
from surveys.errors import InvalidSubmission
from surveys.models import utcnow
from surveys.responses import submit_response
from surveys.validation import parse_submission


def _counter_or_404(mpp_code: str, counter_code: str):
    mpp = mpp_by_code(db.session, mpp_code)
    counter = counter_by_code(db.session, mpp, counter_code) if mpp else None
    if counter is None or not counter.active:
        abort(404)
    return mpp, counter


@bp.route("/s/<mpp_code>/<counter_code>", methods=["GET", "POST"])
def phone_survey(mpp_code: str, counter_code: str):
    mpp, counter = _counter_or_404(mpp_code, counter_code)
    lang = str(get_locale())
    form = survey_form_class(service_choices(counter.tenant.services, lang), lang)()
    if request.method == "GET":
        form.response_id.data = new_response_id()
        form.shown.data = shown_stamp(form.response_id.data, utcnow())
    elif form.validate_on_submit():
        try:
            _store(form, mpp, counter, lang)
        except InvalidSubmission as exc:
            for name, message in exc.fields.items():
                form.form_errors.append(f"{name}: {message}")
        else:
            return redirect(url_for("public.phone_thanks", mpp_code=mpp.code))
    status = 422 if request.method == "POST" else 200
    return render_template("public/phone_survey.html", form=form, mpp=mpp, counter=counter), status


def _store(form, mpp, counter, lang: str) -> None:
    now = utcnow()
    # How long the visit took, as the kiosk reports it: too fast is flagged, never dropped; no
    # valid stamp at all (a post without the page) is flagged too.
    duration = duration_since_shown(form.shown.data, form.response_id.data, now)
    payload = {
        "id": form.response_id.data,
        "counter": counter.code,
        "service": form.service.data if "service" in form else None,
        "answers": form.answers(),
        "profile": form.profile(),
        "comment": form.comment.data,
        "submitted_at": now.isoformat(),
        "lang": lang,
        "duration_ms": duration,
    }
    sender = PhoneVisit(client_key(request.remote_addr), stamped=duration is not None)
    submission = parse_submission(payload, now, channel="qr")
    submit_response(db.session, submission, mpp, None, now, phone=sender)


@bp.get("/s/<mpp_code>/terima-kasih")
def phone_thanks(mpp_code: str):
    mpp = mpp_by_code(db.session, mpp_code) or abort(404)
    return render_template("public/phone_thanks.html", mpp=mpp)
