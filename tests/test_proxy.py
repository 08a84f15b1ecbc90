"""Behind a reverse proxy the client's address is the one the proxy forwarded."""
from __future__ import annotations

from flask import request

from committee import create_app


def _app(tmp_path, **config):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db", **config})

    @app.get("/_addr")
    def _addr():  # a probe route, on this throwaway app only
        return f"{request.remote_addr} {request.scheme}"
    return app


def test_forwarded_address_trusted_only_when_configured(tmp_path):
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    plain = _app(tmp_path).test_client().get("/_addr", headers=headers)
    assert plain.get_data(as_text=True) == "127.0.0.1 http"
    proxied = _app(tmp_path, PROXY_FIX=1).test_client().get("/_addr", headers=headers)
    assert proxied.get_data(as_text=True) == "203.0.113.9 https"
