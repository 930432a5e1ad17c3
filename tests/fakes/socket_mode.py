"""A local fake of Slack's Socket Mode side: the WebSocket server the bot connects to.

FakeSlack answers `apps.connections.open` with this server's `ws://127.0.0.1:<port>/...`
URL (set `FakeSlack.socket_mode_url`); slack_sdk's built-in client connects without TLS
to any port but 443. Stdlib only: the handshake is one HTTP exchange, and the frames are
RFC 6455's (the client masks, the server does not). On each connection the server sends
Slack's `hello`, then whatever the test sends (`event` builds an `events_api` envelope);
it answers pings, and records every text message the bot sends back, acks included.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from tests.fakes.slack_api import BOT_USER, TEAM

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA
HANDSHAKE_TIMEOUT = 5.0


class _Connection:
    def __init__(self, sock: socket.socket, path: str) -> None:
        self.sock, self.path = sock, path
        self._send_lock = threading.Lock()
        self.open = True

    def send_frame(self, opcode: int, payload: bytes) -> None:
        length = len(payload)
        if length <= 125:
            header = struct.pack("!BB", 0x80 | opcode, length)
        elif length <= 0xFFFF:
            header = struct.pack("!BBH", 0x80 | opcode, 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, length)
        with self._send_lock:
            self.sock.sendall(header + payload)

    def close(self) -> None:
        self.open = False
        with suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


class FakeSocketMode:
    def __init__(self, *, app_id: str = "A1") -> None:
        self.app_id = app_id
        self.received: list[dict[str, Any]] = []
        """Every text message the bot sent, in order (acks are those with an envelope_id)."""
        self.paths: list[str] = []
        """The request path of each WebSocket handshake."""
        self._connections: list[_Connection] = []
        self._ids = itertools.count(1)
        self._changed = threading.Condition()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stopped = False

    @property
    def url(self) -> str:
        port = self._listener.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=fake-ticket&app_id={self.app_id}"

    def start(self) -> FakeSocketMode:
        threading.Thread(target=self._accept_loop, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopped = True
        with suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for connection in list(self._connections):
            connection.close()

    # What a test sees and does

    @property
    def acks(self) -> list[dict[str, Any]]:
        with self._changed:
            return [m for m in self.received if "envelope_id" in m]

    def acked(self, envelope_id: str) -> list[dict[str, Any]]:
        return [a for a in self.acks if a["envelope_id"] == envelope_id]

    def open_connections(self) -> int:
        with self._changed:
            return sum(c.open for c in self._connections)

    def wait_connected(self, *, timeout: float) -> None:
        self._wait(lambda: any(c.open for c in self._connections), timeout, "a connection")

    def wait_for_ack(self, envelope_id: str, *, timeout: float) -> dict[str, Any]:
        self._wait(lambda: bool(self.acked(envelope_id)), timeout, f"the ack of {envelope_id}")
        return self.acked(envelope_id)[0]

    def send(self, message: dict[str, Any]) -> None:
        """To the newest open connection, as Slack sends each envelope down one of them."""
        with self._changed:
            connection = next(c for c in reversed(self._connections) if c.open)
        connection.send_frame(TEXT, json.dumps(message).encode())

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> str:
        """Deliver an Events API callback in an `events_api` envelope; returns its id.
        A re-delivery is a new envelope carrying the same event_id and a retry_attempt."""
        envelope_id = f"env-{next(self._ids)}-{event_id}"
        self.send(
            {
                "envelope_id": envelope_id,
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": retry_attempt,
                "retry_reason": retry_reason,
                "payload": {
                    "token": "verification-token",
                    "team_id": TEAM,
                    "api_app_id": self.app_id,
                    "type": "event_callback",
                    "event_id": event_id,
                    "event_time": int(time.time()),
                    "event": event,
                    "authorizations": [
                        {
                            "enterprise_id": None,
                            "team_id": TEAM,
                            "user_id": BOT_USER,
                            "is_bot": True,
                            "is_enterprise_install": False,
                        }
                    ],
                    "is_ext_shared_channel": False,
                },
            }
        )
        return envelope_id

    # The server

    def _wait(self, condition: Any, timeout: float, what: str) -> None:
        with self._changed:
            if not self._changed.wait_for(condition, timeout=timeout):
                raise AssertionError(f"timed out after {timeout}s waiting for {what}")

    def _accept_loop(self) -> None:
        while not self._stopped:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            connection = self._handshake(sock)
        except (OSError, ValueError):
            sock.close()
            return
        with self._changed:
            self._connections.append(connection)
            self.paths.append(connection.path)
            self._changed.notify_all()
        try:
            connection.send_frame(TEXT, json.dumps(self._hello()).encode())
            self._read_frames(connection)
        except (OSError, ConnectionError):
            pass
        finally:
            connection.close()
            with self._changed:
                self._changed.notify_all()

    def _handshake(self, sock: socket.socket) -> _Connection:
        sock.settimeout(HANDSHAKE_TIMEOUT)
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = sock.recv(1024)
            if not chunk or len(request) > 16_384:
                raise ValueError("no WebSocket handshake")
            request += chunk
        head, _, rest = request.partition(b"\r\n\r\n")
        if rest:
            raise ValueError("data before the handshake answer")
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("upgrade", "").lower() != "websocket" or "sec-websocket-key" not in headers:
            sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            raise ValueError("not a WebSocket upgrade")
        digest = hashlib.sha1((headers["sec-websocket-key"] + GUID).encode()).digest()
        accept = base64.b64encode(digest).decode()
        sock.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\n"
                "Upgrade: websocket\r\n"
                "Connection: Upgrade\r\n"
                f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        sock.settimeout(None)
        return _Connection(sock, request_line.split(" ")[1])

    def _hello(self) -> dict[str, Any]:
        return {
            "type": "hello",
            "num_connections": len(self._connections),
            "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 3600},
            "connection_info": {"app_id": self.app_id},
        }

    def _read_frames(self, connection: _Connection) -> None:
        while True:
            opcode, payload = _read_frame(connection.sock)
            if opcode == TEXT:
                message = json.loads(payload)
                with self._changed:
                    self.received.append(message)
                    self._changed.notify_all()
            elif opcode == PING:
                connection.send_frame(PONG, payload)
            elif opcode == CLOSE:
                with suppress(OSError):
                    connection.send_frame(CLOSE, payload[:2])
                return


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed by the client")
        data += chunk
    return data


def _read_frame(sock: socket.socket) -> tuple[int, bytes]:
    """One client frame (masked, as RFC 6455 requires of clients); fragments are joined."""
    opcode, payload = 0, b""
    while True:
        first, second = _recv_exact(sock, 2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", _recv_exact(sock, 2))
        elif length == 127:
            (length,) = struct.unpack("!Q", _recv_exact(sock, 8))
        mask = _recv_exact(sock, 4) if second & 0x80 else b"\0\0\0\0"
        data = _recv_exact(sock, length)
        payload += bytes(b ^ m for b, m in zip(data, itertools.cycle(mask), strict=False))
        opcode = opcode or first & 0x0F
        if first & 0x80:
            return opcode, payload


@contextmanager
def fake_socket_mode() -> Iterator[FakeSocketMode]:
    fake = FakeSocketMode().start()
    try:
        yield fake
    finally:
        fake.stop()
