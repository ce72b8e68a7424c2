"""The HTTP front: a stdlib ThreadingHTTPServer on 127.0.0.1 with bearer-token auth.

Each connection gets a thread (HTTP/1.1 keep-alive); a request without the
right ``Authorization: Bearer <token>`` header gets a 401 ``Status``.  Bodies
over 3 MiB get 413 before they are read.  Watches stream as chunked JSON lines.
``stop()`` ends every watch, shuts open connections down, joins every thread
it started and returns; nothing is left running.

It speaks HTTPS with a throwaway self-signed certificate
(:mod:`k8slearn.cluster.tls`): kubectl sends a token only over TLS.
The kubeconfig goes to the file the caller names (never ``~/.kube/config``),
written atomically with mode 0600.

Upstream: kubernetes/apiserver pkg/server/secure_serving.go @ v0.36.3
Upstream: kubernetes/apiserver pkg/authentication/request/bearertoken/bearertoken.go @ v0.36.3
"""

from __future__ import annotations

import hmac
import os
import secrets
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from k8slearn.cluster.rest import MAX_BODY, Response, RestAPI
from k8slearn.cluster.status import status

__all__ = ["HTTPFront", "kubeconfig_text", "write_kubeconfig"]


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True
    request_queue_size = 128  # 32 clients connecting at once must not be reset

    def __init__(self, addr: tuple[str, int], handler: type, front: HTTPFront) -> None:
        self.front = front
        super().__init__(addr, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "k8slearn-apiserver"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm
        # and the client's delayed ACK add ~40 ms to every keep-alive request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.front._track(self.connection, True)  # type: ignore[attr-defined]

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.front._track(self.connection, False)  # type: ignore[attr-defined]

    def _send(self, resp: Response) -> None:
        data = resp.payload()
        self.send_response(resp.code)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in resp.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _stream(self, resp: Response) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        try:
            for chunk in resp.stream:  # type: ignore[union-attr]
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:
            self.close_connection = True
        finally:
            resp.stream.close()  # type: ignore[union-attr]

    def _body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()
                if len(out) > MAX_BODY:
                    return None
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            # read and drop a moderately large body so the client gets the 413 rather than a
            # broken pipe; beyond 16 MiB the connection is simply closed after the answer
            left = n if n <= 16 * MAX_BODY else 0
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 16))
                if not chunk:
                    break
                left -= len(chunk)
            return None
        return self.rfile.read(n) if n else b""

    def _serve(self) -> None:
        front: HTTPFront = self.server.front  # type: ignore[attr-defined]
        auth = self.headers.get("Authorization", "")
        if not hmac.compare_digest(auth.encode(), f"Bearer {front.token}".encode()):
            self.close_connection = True
            self._send(Response(401, status(401, "Unauthorized")))
            return
        body = self._body()
        if body is None:
            self.close_connection = True
            self._send(Response(413, status(413, "Request entity too large: limit is 3145728")))
            return
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        headers = {k.lower(): v for k, v in self.headers.items()}
        resp = front.api.handle(self.command, parts.path, query, headers, body)
        if resp.stream is not None:
            self._stream(resp)
        else:
            self._send(resp)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve


class HTTPFront:
    """Serves a :class:`RestAPI` on ``127.0.0.1:port`` (0: a free port)."""

    def __init__(self, api: RestAPI, port: int = 0, token: str | None = None,
                 tls: bool = True) -> None:
        self.api = api
        self.token = token or secrets.token_urlsafe(24)
        self._httpd = _Server(("127.0.0.1", port), _Handler, self)
        self.port = self._httpd.server_address[1]
        self.ca_pem = b""
        if tls:
            from k8slearn.cluster.tls import self_signed, server_context

            self.ca_pem, key = self_signed()
            ctx = server_context(self.ca_pem, key)
            self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True,
                                                 do_handshake_on_connect=False)
        api.address = f"127.0.0.1:{self.port}"
        self._conns: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.ca_pem else 'http'}://127.0.0.1:{self.port}"

    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            (self._conns.add if add else self._conns.discard)(conn)

    def start(self) -> HTTPFront:
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name="k8slearn-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """End watches, close connections, join every thread."""
        self.api.stopping = True
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()  # joins the request threads (block_on_close)


def kubeconfig_text(url: str, token: str, ca_pem: bytes = b"",
                    namespace: str = "default") -> str:
    import base64

    ca = (f"    certificate-authority-data: {base64.b64encode(ca_pem).decode()}\n"
          if ca_pem else "")
    return (
        "apiVersion: v1\nkind: Config\nclusters:\n- name: k8slearn\n  cluster:\n"
        f"{ca}    server: {url}\ncontexts:\n- name: k8slearn\n  context:\n    cluster: k8slearn\n"
        f"    user: k8slearn\n    namespace: {namespace}\ncurrent-context: k8slearn\n"
        f"preferences: {{}}\nusers:\n- name: k8slearn\n  user:\n    token: {token}\n")


def write_kubeconfig(path: str | os.PathLike, url: str, token: str, ca_pem: bytes = b"") -> str:
    """Write the kubeconfig atomically (mode 0600); refuses ``~/.kube/config``."""
    target = os.path.abspath(os.fspath(path))
    if target == os.path.abspath(os.path.expanduser("~/.kube/config")):
        raise ValueError("refusing to overwrite ~/.kube/config; pass another --kubeconfig file")
    tmp = f"{target}.tmp{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(kubeconfig_text(url, token, ca_pem))
    os.replace(tmp, target)
    return target
