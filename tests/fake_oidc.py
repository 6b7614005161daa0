"""A one-user OpenID Connect provider on a loopback port, so that single sign-on (st.login) can be tested end to
end in a real browser: discovery, the authorisation redirect, the code-for-token exchange with a signed
id_token, and the keys to check it — nothing more. Anyone who reaches /authorize is signed in as `user`."""
from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from joserfc import jwt           # Authlib's own JOSE library (a dependency of Authlib)
from joserfc.jwk import RSAKey


class FakeProvider:
    def __init__(self, client_id: str, client_secret: str, user: dict):
        self.client_id, self.client_secret, self.user = client_id, client_secret, user
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.codes: dict[str, str] = {}        # code → the nonce the app sent with its request
        self.logins = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.server.shutdown()

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def metadata(self) -> dict:
        return {"issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": self.url, "sub": "user-1", "aud": self.client_id, "iat": now, "exp": now + 600,
                  "nonce": nonce, **self.user}
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_):  # quiet
                pass

            def _json(self, body: dict, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                path, _, query = self.path.partition("?")
                params = dict(urllib.parse.parse_qsl(query))
                if path == "/.well-known/openid-configuration":
                    return self._json(provider.metadata())
                if path == "/jwks":
                    return self._json({"keys": [provider.key.as_dict(private=False)]})
                if path == "/authorize":
                    if params.get("client_id") != provider.client_id:
                        return self._json({"error": "unauthorized_client"}, 400)
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = params.get("nonce", "")
                    provider.logins += 1
                    target = params["redirect_uri"] + "?" + urllib.parse.urlencode(
                        {"code": code, "state": params.get("state", "")})
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                    return None
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):
                if self.path != "/token":
                    return self._json({"error": "not_found"}, 404)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = dict(urllib.parse.parse_qsl(body))
                nonce = provider.codes.pop(form.get("code", ""), None)
                if nonce is None:
                    return self._json({"error": "invalid_grant"}, 400)
                return self._json({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                   "expires_in": 600, "id_token": provider.id_token(nonce)})

        return Handler
