"""The phone survey: a plain HTML form that works without JavaScript."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app.extensions import db
from app.public import bp
from app.public.forms import (
    client_key,
    duration_since_shown,
    new_response_id,
    shown_stamp,
    stamped_id,
    survey_form_class,
)
from surveys.abuse import PhoneVisit
from surveys.catalogue import counter_by_code, mpp_by_code, service_choices
from surveys.errors import InvalidSubmission
from surveys.models import utcnow
from surveys.responses import DuplicateSubmission, StoredResponse, is_stored, submit_response
from surveys.validation import parse_submission


def _counter_or_404(mpp_code: str, counter_code: str):
    mpp = mpp_by_code(db.session, mpp_code)
    counter = counter_by_code(db.session, mpp, counter_code) if mpp else None
    if counter is None or not counter.active:
        abort(404)
    return mpp, counter


# The query parameter that binds a page to its visit: the signed stamp of its response id.
VISIT = "kunjungan"


@bp.route("/s/<mpp_code>/<counter_code>", methods=["GET", "POST"])
def phone_survey(mpp_code: str, counter_code: str):
    mpp, counter = _counter_or_404(mpp_code, counter_code)
    lang = str(get_locale())
    form = survey_form_class(service_choices(counter.tenant.services, lang), lang)()
    if request.method == "GET":
        return _show(form, mpp, counter)
    if form.validate_on_submit():
        try:
            stored = _store(form, mpp, counter, lang)
        except DuplicateSubmission:  # the same visit posted again with other answers
            return _already_received(mpp, counter, 409)
        except InvalidSubmission as exc:
            form.form_errors.append(_refusal(exc))
        else:
            if not stored.created:  # Back, then Kirim again: counted once
                return _already_received(mpp, counter)
            return redirect(url_for("public.phone_thanks", mpp_code=mpp.code))
    return render_template("public/phone_survey.html", form=form, mpp=mpp, counter=counter), 422


def _show(form, mpp, counter):
    """The form of one visit. The QR's address mints a response id and moves to the page's own
    address, which carries it: Back to that page, or a reload, shows the same visit (or says
    it was received), never a fresh id the browser would fill with the restored ticks."""
    stamp = request.args.get(VISIT)
    response_id = stamped_id(stamp, utcnow())
    if response_id is None:
        stamp = shown_stamp(new_response_id(), utcnow())
        return redirect(url_for("public.phone_survey", mpp_code=mpp.code,
                                counter_code=counter.code, **{VISIT: stamp}), 303)  # fmt: skip
    if is_stored(db.session, response_id):
        return _already_received(mpp, counter)
    form.response_id.data, form.shown.data = response_id, stamp
    return render_template("public/phone_survey.html", form=form, mpp=mpp, counter=counter)


def _already_received(mpp, counter, status: int = 200):
    page = render_template("public/phone_thanks.html", mpp=mpp, counter=counter, already=True)
    return page, status


def _refusal(exc: InvalidSubmission) -> str:
    """One sentence a visitor can act on, in their language (the field codes are the API's)."""
    if "answers" in exc.fields:
        return _("Jawab setidaknya satu pertanyaan, lalu tekan Kirim lagi.")
    return _("Jawaban tidak dapat disimpan. Muat ulang halaman ini lalu coba lagi.")


def _store(form, mpp, counter, lang: str) -> StoredResponse:
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
    return submit_response(db.session, submission, mpp, None, now, phone=sender)


@bp.get("/s/<mpp_code>/terima-kasih")
def phone_thanks(mpp_code: str):
    mpp = mpp_by_code(db.session, mpp_code) or abort(404)
    return render_template("public/phone_thanks.html", mpp=mpp)
