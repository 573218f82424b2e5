"""Language choice: Bahasa Indonesia by default, English one tap away (?lang=en, remembered)."""

from __future__ import annotations

from flask import current_app, request, session


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    return remembered if remembered in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "id")


def init_app(app) -> None:
    app.jinja_env.globals["current_locale"] = current_locale
