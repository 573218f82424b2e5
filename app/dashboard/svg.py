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
    response.cache_control.private = True
    response.cache_control.max_age = 300
    return response.make_conditional(request)
