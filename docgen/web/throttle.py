"""A limit on wrong passwords: after `ATTEMPTS` failures for one account name within
`WINDOW_S`, that name is refused until the oldest failure is out of the window, right password
or not, on the sign-in page and through HTTP Basic alike.

Argon2 makes each guess slow; this makes guesses few. The count is per name (an unknown name
is counted like a known one, so that the refusal tells nothing of which names exist) and kept
in the memory of the process: with several application instances, each counts its own.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque

ATTEMPTS = 5
WINDOW_S = 900.0  # 15 minutes
NAMES_KEPT = 10_000  # the oldest names are forgotten past this, so memory stays bounded


class TooManyAttempts(Exception):
    """Raised for a name with too many recent failures; `retry_after` in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def french(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        unit = "minute" if minutes == 1 else "minutes"
        return f"Trop de tentatives de connexion avec ce nom d'utilisateur\u00a0: réessayez dans {minutes}\u00a0{unit}."


class SignInThrottle:
    def __init__(self, attempts: int = ATTEMPTS, window_s: float = WINDOW_S) -> None:
        self.attempts, self.window_s = attempts, window_s
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def before(self, name: str) -> None:
        """Raise TooManyAttempts if `name` may not try a password now."""
        key, now = name.casefold(), time.monotonic()
        with self._lock:
            failures = self._recent(key, now)
            if len(failures) >= self.attempts:
                raise TooManyAttempts(math.ceil(failures[0] + self.window_s - now))

    def failed(self, name: str) -> None:
        key, now = name.casefold(), time.monotonic()
        with self._lock:
            failures = self._recent(key, now)
            failures.append(now)
            self._failures[key] = failures
            self._failures.move_to_end(key)
            while len(self._failures) > NAMES_KEPT:
                self._failures.popitem(last=False)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.casefold(), None)
