"""A real PostgreSQL 16 for the fleet's tests, and a link to it that a test can cut.

``pgserver`` (PyPI) ships the server as a wheel. Run as root, it makes a
system user ``pgserver`` (with ``useradd``) and runs the server as that
user, opening the folders on the way to its data for it; so it needs no
manual step in CI either. It listens only on a Unix socket in its data
folder, so ``Link`` carries TCP from 127.0.0.1 to that socket: the kiosks
under test reach the server through it, and ``cut()``/``mend()`` make the
server vanish from them and come back, as a pulled cable or a rebooted
server would, without touching the server the other tests share.
"""

from __future__ import annotations

import re
import socket
import tempfile
import threading
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Server:
    """One PostgreSQL server for the test session, deleted at its end."""

    def __init__(self) -> None:
        import warnings

        with warnings.catch_warnings():
            # With no XDG_RUNTIME_DIR (root in CI), platformdirs names /tmp/runtime-0
            # for pgserver's lock file and says so; that is where we want it.
            warnings.simplefilter("ignore")
            import pgserver

        # A private folder under /tmp: pgserver gives every folder on the
        # way to it read and search rights for its user.
        self.folder = Path(tempfile.mkdtemp(prefix="exhibit-pg-"))
        self.server = pgserver.get_server(self.folder / "data", cleanup_mode="delete")
        uri = self.server.get_uri()
        host = re.search(r"host=([^&]+)", uri)
        assert host is not None, uri
        self.socket_dir = Path(host.group(1))
        self.roles_made = False

    def url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql://{user}@/{database}?host={self.socket_dir}"

    def admin(self):
        import psycopg

        return psycopg.connect(self.url(), autocommit=True)

    def new_database(self, owner: str = "postgres") -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        with self.admin() as db:
            db.execute(f"CREATE DATABASE {name} OWNER {owner}")
        return name

    def socket_path(self) -> str:
        return str(self.socket_dir / ".s.PGSQL.5432")

    def stop(self) -> None:
        self.server.cleanup()


class Link:
    """TCP on 127.0.0.1 to the server's socket; ``cut`` drops it, ``mend`` restores it."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.port = _free_port()
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.mend()

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def mend(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """The server is gone: no new connection, and every open one dropped."""
        with self._lock:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
            for s in self._open:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                server.connect(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:      # cut meanwhile
                    client.close()
                    server.close()
                    return
                self._open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fleet_sql(block: str) -> str:
    """A SQL block from deploy/fleet.md (``-- fleet: NAME`` on its first line), as a museum runs it."""
    text = (ROOT / "deploy" / "fleet.md").read_text(encoding="utf-8")
    for body in re.findall(r"```sql\n(.*?)```", text, re.S):
        if body.startswith(f"-- fleet: {block}\n"):
            return body
    raise LookupError(f"deploy/fleet.md has no sql block '-- fleet: {block}'")
