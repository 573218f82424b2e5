"""The real app (as gunicorn serves it) plus one trivial endpoint, for the ingest ceiling.

gunicorn --workers 4 bench.wsgi_bench:app      (DATABASE_URL names the database)
"""

from wsgi import app

app.add_url_rule("/bench/trivial", "bench_trivial", lambda: "ok")
