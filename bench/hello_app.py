"""The baseline for bench_http.py: a bare Flask "hello" under the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello() -> str:
    return "hello"
