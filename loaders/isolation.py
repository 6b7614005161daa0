"""Read untrusted uploads in worker processes, so that no file can crash, starve or bloat the server.

The reader's own budget (loaders.budget) keeps ordinary files cheap. What it cannot bound runs here: a
parser that aborts on a crafted file (calamine asks for half a terabyte for two far-apart cells), memory
allocated before any check can run, and the interpreter lock that a long parse would hold against every
other user's page. Uploads are read by `PARALLEL` long-lived worker processes (`python -m
loaders.isolation`), started once with the readers imported, each under an address-space limit and at low
CPU priority. A worker that overruns its deadline is killed, and one that dies, runs out of memory or grows
too large is replaced, while the server and the other users' pages go on.

(multiprocessing's own pools re-run the server's main script in every child, which for `streamlit run`
means importing Streamlit each time; plain workers over a socket avoid that.)
"""
from __future__ import annotations

import importlib
import json
import os
import queue
import resource
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from loaders.workbook import UploadError, too_slow

ROOT = Path(__file__).resolve().parent.parent
MEMORY_BYTES = 2 * 1024**3        # address space of one worker (Python with pandas and the readers: ~0.4 GB)
RECYCLE_BYTES = 1024**3           # a worker whose resident memory grew past this is replaced after its job
GRACE_SECONDS = 5.0               # past the reader's own time budget, before the worker is killed
PARALLEL = 2                      # uploads read at once, server-wide: two cores keep room for the pages
QUEUE_SECONDS = 30.0              # how long an upload waits for a free worker before the user is told to retry
FUNCTIONS = {"read_actuals": "loaders.actuals:read_actuals"}   # name → "module:function" a worker may run


class ReaderFailed(UploadError):
    """The worker was stopped or died; the message says why in the user's words."""


class _Worker:
    def __init__(self, functions: dict[str, str]) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "loaders.isolation", str(theirs.fileno()), str(MEMORY_BYTES), json.dumps(functions)],
            pass_fds=(theirs.fileno(),), cwd=ROOT, stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])})
        theirs.close()
        self.connection = Connection(ours.detach())

    def ready(self, seconds: float = 60.0) -> bool:
        try:
            return self.connection.poll(seconds) and self.connection.recv() == "ready"
        except (EOFError, OSError):
            return False

    def resident_bytes(self) -> int:
        try:
            return int(Path(f"/proc/{self.process.pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def stop(self) -> None:
        try:
            self.process.kill()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.connection.close()


class Pool:
    """`size` workers that run the `functions` named (name → "module:function"), each import done once at start."""

    def __init__(self, size: int, functions: dict[str, str] = FUNCTIONS) -> None:
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.size = size
        self.functions = dict(functions)
        self.started = False
        self.lock = threading.Lock()

    def _add(self) -> None:
        worker = _Worker(self.functions)
        if worker.ready():
            self.idle.put(worker)
        else:
            worker.stop()
            threading.Timer(5.0, self._add).start()  # try again later; the pool must not stay short

    def ensure_started(self) -> None:
        with self.lock:
            if self.started:
                return
            self.started = True
        for _ in range(self.size):
            threading.Thread(target=self._add, daemon=True, name="upload-worker-start").start()

    def replace(self, worker: _Worker) -> None:
        worker.stop()
        threading.Thread(target=self._add, daemon=True, name="upload-worker-start").start()


    def run(self, function: str, *args: Any, seconds: float, grace: float = GRACE_SECONDS, **kwargs: Any) -> Any:
        """functions[function](*args, **kwargs) in a worker; raises UploadError (the function's own, or why the
        worker was stopped). `seconds`: the function's own time budget; the worker is killed `grace` seconds later."""
        return _run(self, function, args, kwargs, seconds, grace)


_pool = Pool(PARALLEL)


def run_isolated(function: str, *args: Any, seconds: float, grace: float = GRACE_SECONDS, **kwargs: Any) -> Any:
    """FUNCTIONS[function](*args, **kwargs) in one of the server's workers (see Pool.run)."""
    return _pool.run(function, *args, seconds=seconds, grace=grace, **kwargs)


def _run(pool: Pool, function: str, args: tuple, kwargs: dict, seconds: float, grace: float) -> Any:
    pool.ensure_started()
    try:
        worker = pool.idle.get(timeout=QUEUE_SECONDS)
    except queue.Empty:
        raise ReaderFailed("upload.server_busy")
    kind, payload = "died", None
    try:
        worker.connection.send((function, args, kwargs))
        if worker.connection.poll(seconds + grace):
            kind, payload = worker.connection.recv()
        else:
            kind = "slow"
    except (EOFError, OSError):
        kind = "died"
    finally:
        if kind in ("ok", "upload_error") and worker.resident_bytes() < RECYCLE_BYTES:
            pool.idle.put(worker)
        else:
            pool.replace(worker)
    if kind == "ok":
        return payload
    if kind == "upload_error":
        raise UploadError(payload.code, **payload.params)
    if kind == "slow":
        raise ReaderFailed(too_slow(seconds).message.code, seconds=seconds)
    if kind == "memory":
        raise ReaderFailed("upload.too_much_memory", megabytes=MEMORY_BYTES // 2**20)
    raise ReaderFailed("upload.reader_failed")


def warm_up() -> None:
    """Start the workers (each imports the readers, about a second) before the first upload needs them."""
    _pool.ensure_started()


def _serve(fd: int, memory_bytes: int, names: dict[str, str]) -> None:
    connection = Connection(fd)
    functions = {name: getattr(importlib.import_module(module), attribute)
                 for name, (module, attribute) in ((n, t.split(":")) for n, t in names.items())}
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    os.nice(10)
    connection.send("ready")
    while True:
        try:
            name, args, kwargs = connection.recv()
        except (EOFError, OSError):  # the server has gone: so does its worker
            return
        try:
            outcome = ("ok", functions[name](*args, **kwargs))
        except MemoryError:
            outcome = ("memory", None)
        except UploadError as error:
            outcome = ("upload_error", error.message)
        except Exception:  # a reader bug on an odd file: the user gets a plain message, the server goes on
            outcome = ("failed", None)
        try:
            connection.send(outcome)
        except MemoryError:
            connection.send(("memory", None))


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]))
