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


def same_page_url(**changes) -> str:
    """This page's address with its query kept (filters stay when switching language)."""
    from flask import url_for

    if request.endpoint is None or request.url_rule is None:
        return "?" + "&".join(f"{k}={v}" for k, v in changes.items())
    args = {**request.args.to_dict(), **(request.view_args or {}), **changes}
    return url_for(request.endpoint, **args)


def remember_language() -> None:
    """?lang= counts on a page that only redirects too (it never asks for the locale)."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"] and session.get("lang") != asked:
        session["lang"] = asked  # only on a change: a chart's response stays free of cookies


def init_app(app) -> None:
    app.before_request(remember_language)
    app.jinja_env.globals["current_locale"] = current_locale
    app.jinja_env.globals["same_page_url"] = same_page_url
