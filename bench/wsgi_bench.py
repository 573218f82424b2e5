"""The real app plus one trivial endpoint, for comparing ingest with the server's own ceiling.

gunicorn --workers 4 bench.wsgi_bench:app      (DATABASE_URL names the database)
"""

from app import create_app

app = create_app()
app.add_url_rule("/bench/trivial", "bench_trivial", lambda: "ok")
