"""The real app (as gunicorn serves it) plus one trivial endpoint, for the ingest ceiling.

gunicorn --workers 4 bench.wsgi_bench:app      (DATABASE_URL names the database)

BENCH_TRUST_XFF=1 takes the client address from X-Forwarded-For (as behind a trusted proxy), so
that the login flood can come from as many addresses as it sends requests.
"""

import os

from werkzeug.middleware.proxy_fix import ProxyFix

from wsgi import app

app.add_url_rule("/bench/trivial", "bench_trivial", lambda: "ok")
if os.environ.get("BENCH_TRUST_XFF") == "1":
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)
