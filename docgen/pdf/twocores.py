"""Work on two cores: part of a result computed by a forked copy of the process.

Reading a page of a PDF (pdfium's text page, then one query per word) is most of the time a
check of a PDF takes, and pages are read independently of one another; so are the families of
rules once the document is built. A forked child inherits the opened document and every module
already imported, so it starts in a few milliseconds; it computes its part and sends it back
pickled through a pipe, while the parent goes on with the rest: with its own imports when a
PDF's reading was started early (`ctg check` of one PDF), then with the other pages or rules.
The child never outlives its part: it is killed and reaped in every case, and whatever goes
wrong on its side (a fork refused, a crash) only means the parent computes that part itself.

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

MIN_PAGES = 8  # below, a fork costs about what it saves
SHARE = 0.55  # of the pages, to the child: the parent also unpickles what the child sends
enabled = True  # set off by `one_core` in the worker processes of a batch


def one_core() -> None:
    """Compute everything in this process (the initializer of a batch's worker processes)."""
    global enabled
    enabled = False


def forking() -> bool:
    return enabled and hasattr(os, "fork") and threading.active_count() == 1


class Background(Generic[T]):
    """`work()` computed by a child process from now on, or by `result()` if there is no child."""

    def __init__(self, work: Callable[[], T], fork: bool = True) -> None:
        self.work = work
        self.pid, self.incoming = 0, None
        if not (fork and forking()):
            return
        inlet, outlet = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(inlet)
            os.close(outlet)
            return
        if pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
            try:
                os.close(inlet)
                try:
                    payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException as exc:  # noqa: BLE001 - the parent raises it
                    payload = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(outlet, "wb") as out:
                    out.write(payload)
            finally:
                os._exit(0)
        os.close(outlet)
        self.pid, self.incoming = pid, os.fdopen(inlet, "rb")

    def result(self) -> T:
        if self.incoming is None:
            return self.work()
        try:
            ok, value = pickle.load(self.incoming)
        except Exception:  # noqa: BLE001 - the child died before it sent its part
            ok, value = True, self.work()
        finally:
            self.cancel()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop and reap the child (done already, or stopped when its part is not wanted)."""
        if self.incoming is not None:
            self.incoming.close()
            self.incoming = None
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0


class Split(Generic[T]):
    """`read(pages)` over `range(count)`: `share` of the pages, spread over the file (some pages,
    such as an action plan's, take longer than others), read by a child process from now on;
    `result()` reads the others here and gives them all, in the order of `key`."""

    def __init__(
        self, count: int, read: Callable[[list[int]], list[T]], key: Callable[[T], Any], share: float = SHARE
    ) -> None:
        self.read, self.key = read, key
        fork = count >= MIN_PAGES and forking()
        theirs = [i for i in range(count) if fork and int((i + 1) * share) > int(i * share)]
        given = set(theirs)
        self.mine = [i for i in range(count) if i not in given]
        self.theirs: Background[list[T]] = Background(lambda: read(theirs), fork=bool(theirs))

    def result(self) -> list[T]:
        try:
            done = self.read(self.mine)
        except BaseException:
            self.theirs.cancel()
            raise
        return sorted(done + self.theirs.result(), key=self.key)

    def cancel(self) -> None:
        self.theirs.cancel()
