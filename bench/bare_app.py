"""The ceiling for bench/webhook.py: a Flask route that only answers 200, served the same way."""

from flask import Flask

app = Flask(__name__)


@app.post("/callback")
def callback():
    return "OK"
