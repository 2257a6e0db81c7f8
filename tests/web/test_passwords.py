"""Password checks under load: argon2 (64 MiB each) at most once per core at a time, and a
password found right remembered as a digest for a few minutes, never a wrong one."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from docgen.web import accounts
from docgen.web.database import connect
from docgen.web.models import User
from tests.web.conftest import fresh_settings

PASSWORD = "un mot de passe sûr"


@pytest.fixture
def sessions(tmp_path, monkeypatch):
    monkeypatch.setattr(accounts, "_verified", {})
    made = connect(fresh_settings(tmp_path).database)
    with made() as session:
        accounts.add_user(session, "claire", "caf-45", "reviewer", PASSWORD)
    return made


class _Counting:
    """argon2's verify, counting the calls and the most running at once."""

    def __init__(self, real) -> None:
        self.real, self.calls, self.running, self.most = real, 0, 0, 0
        self.lock = threading.Lock()

    def verify(self, hashed, password):
        with self.lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.05)
            return self.real.verify(hashed, password)
        finally:
            with self.lock:
                self.running -= 1

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_twenty_sign_ins_at_once_check_one_password_per_core_at_a_time(sessions, monkeypatch):
    counting = _Counting(accounts._hasher())
    monkeypatch.setattr(accounts, "_hasher", lambda: counting)
    cores = accounts._hashing._initial_value  # type: ignore[attr-defined]

    def sign_in(i: int) -> User | None:
        with sessions() as session:
            return accounts.authenticate(session, "claire", PASSWORD if i % 2 else "pas le bon mot de passe")

    with ThreadPoolExecutor(20) as pool:
        users = list(pool.map(sign_in, range(20)))
    assert [u is not None for u in users] == [bool(i % 2) for i in range(20)]
    assert 1 <= counting.most <= cores


def test_a_right_password_is_remembered_a_wrong_one_never(sessions, monkeypatch):
    counting = _Counting(accounts._hasher())
    monkeypatch.setattr(accounts, "_hasher", lambda: counting)
    with sessions() as session:
        assert accounts.authenticate(session, "claire", PASSWORD) is not None
        assert accounts.authenticate(session, "claire", PASSWORD) is not None
        assert counting.calls == 1, "the second time from the digest"
        for _ in range(2):
            assert accounts.authenticate(session, "claire", PASSWORD + "x") is None
        assert counting.calls == 3, "every wrong password checked by argon2"
        assert all(PASSWORD not in repr(key) for key in accounts._verified)
        user = accounts.authenticate(session, "claire", PASSWORD)
        user.password_hash = accounts.PasswordHasher().hash("un autre mot de passe")  # changed meanwhile
        session.commit()
        assert accounts.authenticate(session, "claire", PASSWORD) is None
        assert accounts.authenticate(session, "claire", "un autre mot de passe") is not None
    clock = time.monotonic
    monkeypatch.setattr(accounts.time, "monotonic", lambda: clock() + accounts.VERIFIED_FOR_S + 1)
    with sessions() as session:
        calls = counting.calls
        assert accounts.authenticate(session, "claire", "un autre mot de passe") is not None
        assert counting.calls == calls + 1, "remembered for a few minutes only"
