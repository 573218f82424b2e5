"""The WSGI entry point: `flask --app wsgi ...`, `gunicorn wsgi:app`."""

import gc

from app import create_app

app = create_app()
# Everything loaded so far lives as long as the process: keep it out of the collector's way,
# so a full collection in a busy worker walks only what requests allocate.
gc.freeze()
