"""Charts as SVG responses, cached by what they show and revalidated with an ETag."""

from __future__ import annotations

import hashlib
import io
from collections import OrderedDict
from collections.abc import Callable

from flask import Response, request
from matplotlib.figure import Figure

_CACHE: OrderedDict[str, bytes] = OrderedDict()
_CACHE_SIZE = 256


def figure_svg(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def message_figure(text: str) -> Figure:
    """A small figure that says why there is no chart (e.g. no answers yet)."""
    fig = Figure(figsize=(7.0, 1.2))
    fig.text(0.02, 0.5, text, va="center", fontsize=11, color="#38465f")
    return fig


def svg_response(key: tuple, draw: Callable[[], Figure]) -> Response:
    """The SVG for ``key`` (drawn once, then served from memory); 304 when the client has it."""
    etag = hashlib.sha1(repr(key).encode()).hexdigest()
    if etag in request.if_none_match:
        svg = b""
    elif etag in _CACHE:
        _CACHE.move_to_end(etag)
        svg = _CACHE[etag]
    else:
        svg = _CACHE[etag] = figure_svg(draw())
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    response = Response(svg, mimetype="image/svg+xml")
    response.set_etag(etag)
    return chart_caching(response).make_conditional(request)


def chart_caching(response: Response) -> Response:
    """How long a browser keeps a chart: five minutes when its URL names everything it shows.

    The language is part of every chart URL the pages emit (``?lang=``); a chart asked for
    without it is drawn in the session's language, so the browser must revalidate it (the ETag
    includes the language) and the cookie is named in ``Vary``. The signed-in user (the cookie)
    decides what a chart may show, so ``Vary: Cookie`` always.
    """
    response.cache_control.private = True
    if request.args.get("lang"):
        response.cache_control.max_age = 300
    else:
        response.cache_control.no_cache = True
    response.vary.add("Cookie")
    return response
