"""Work on two cores: the items of a job shared between this process and a forked copy of it.

Reading a page of a PDF (pdfium's text page, then one query per word) is most of the time a
check of a PDF takes, and pages are read independently of one another; so are the families of
rules once the document is built. A forked child inherits the opened document and every module
already imported, so it starts in a few milliseconds. Both processes take the next item as soon
as they are free, from a pipe holding the items' positions, so that they finish together however
the items differ (an action plan's pages take longer than the others; this process may still be
loading the checker when the child starts). The child sends each result, pickled, as soon as it
has it; this process takes them in between its own items.

The child never outlives the job: it is killed and reaped in every case, and whatever goes wrong
on its side (a fork refused, a crash) only means this process does the items it did not send.
Not used where forking is unsafe or useless: without `os.fork`, with other threads running (a
web server's), and in the worker processes of a batch, whose cores are busy.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

enabled = True  # set off by `one_core` in the worker processes of a batch
_DONE, _FAILED = -1, -2  # the child's last message: all sent, or the exception it met
_HEADER = 8  # bytes: the length of each message
_PIPE_SIZE = 1 << 20  # what the child may send ahead of this process reading it (Linux)


def one_core() -> None:
    """Compute everything in this process (the initializer of a batch's worker processes)."""
    global enabled
    enabled = False


def forking() -> bool:
    return enabled and hasattr(os, "fork") and threading.active_count() == 1


class Shared(Generic[T]):
    """`work(item)` for every item, shared with a child process started at once; this process
    joins in with `result()`, which gives the results in the order of the items."""

    def __init__(self, items: list[Any], work: Callable[[Any], T], fork: bool = True) -> None:
        self.items, self.work = items, work
        self.done: dict[int, T] = {}
        self.pid, self.tokens, self.incoming = 0, -1, -1
        self.buffer, self.finished, self.failure = b"", False, None
        if fork and len(items) > 1 and forking():
            self._start()

    def _start(self) -> None:
        tokens, feed = os.pipe()  # at most 1 000 pages: two bytes each, well within a pipe's buffer
        os.write(feed, b"".join(k.to_bytes(2, "little") for k in range(len(self.items))))
        os.close(feed)
        incoming, outgoing = os.pipe()
        try:
            import fcntl

            fcntl.fcntl(outgoing, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
        except (ImportError, AttributeError, OSError):
            pass  # a smaller pipe: the child waits more often for this process to read
        try:
            pid = os.fork()
        except OSError:
            for fd in (tokens, incoming, outgoing):
                os.close(fd)
            return
        if pid == 0:
            self._child(tokens, incoming, outgoing)
        os.close(outgoing)
        self.pid, self.tokens, self.incoming = pid, tokens, incoming

    def _child(self, tokens: int, incoming: int, outgoing: int) -> None:
        """Take items, send each result, leave without running the parent's exit handlers."""
        try:
            os.close(incoming)
            try:
                while (k := _take(tokens)) is not None:
                    _send(outgoing, (k, self.work(self.items[k])))
                _send(outgoing, (_DONE, None))
            except BaseException as exc:  # noqa: BLE001 - the parent raises it
                _send(outgoing, (_FAILED, exc))
        finally:
            os._exit(0)

    def result(self) -> list[T]:
        try:
            if self.pid:
                os.set_blocking(self.incoming, False)
                while self.failure is None and (k := _take(self.tokens)) is not None:
                    self.done[k] = self.work(self.items[k])
                    self._receive()
                os.set_blocking(self.incoming, True)
                while not self.finished:
                    self._receive()
            if self.failure is not None:
                raise self.failure
            return [self.done[k] if k in self.done else self.work(item) for k, item in enumerate(self.items)]
        finally:
            self.cancel()

    def _receive(self) -> None:
        """Take in what the child has sent (all of it, waiting, once this process has no item left)."""
        try:
            chunk = os.read(self.incoming, _PIPE_SIZE)
        except BlockingIOError:
            return
        if not chunk:  # the child is gone: what it did not send is done here
            self.finished = True
            return
        self.buffer += chunk
        start = 0
        while len(self.buffer) - start >= _HEADER:
            size = int.from_bytes(self.buffer[start : start + _HEADER], "little")
            end = start + _HEADER + size
            if len(self.buffer) < end:
                break
            k, value = pickle.loads(memoryview(self.buffer)[start + _HEADER : end])
            start = end
            if k == _DONE:
                self.finished = True
            elif k == _FAILED:
                self.finished, self.failure = True, value
            else:
                self.done[k] = value
        self.buffer = self.buffer[start:]

    def cancel(self) -> None:
        """Stop and reap the child (done already, or stopped when the results are not wanted)."""
        for fd in (self.tokens, self.incoming):
            if fd >= 0:
                os.close(fd)
        self.tokens = self.incoming = -1
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0


def _take(tokens: int) -> int | None:
    """The position of the next item nobody has taken, or None."""
    token = os.read(tokens, 2)
    return int.from_bytes(token, "little") if len(token) == 2 else None


def _send(outgoing: int, message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(_HEADER, "little") + data)
    while view:
        view = view[os.write(outgoing, view) :]
