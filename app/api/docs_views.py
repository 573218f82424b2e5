"""The API's description, OpenAPI 3.1, for people and for client generators.

`openapi.yaml` is written in YAML's JSON subset, so that both forms are served from the one
file without a YAML parser at run time. Add a path under `paths`, shared shapes under
`components.schemas`, and every error response as one of `components.responses`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Response, jsonify

from app.api import bp

SPEC = Path(__file__).with_name("openapi.yaml")


@cache
def _spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


@bp.get("/openapi.yaml")
def openapi_yaml():
    return Response(_spec_text(), mimetype="application/yaml")


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(json.loads(_spec_text()))
