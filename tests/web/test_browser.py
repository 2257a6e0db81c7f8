"""End to end in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium):
sign in, upload the seed 004 draft, see its errors, download the annotated .docx and read its comments."""

from __future__ import annotations

import io
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from tests.web.conftest import ALICE, PASSWORD, fresh_settings, make_app

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="Chromium absent: apt-get install chromium chromium-driver (scripts/setup.sh le fait en root)",
)
WAIT = 60.0  # seconds: a check of the seed takes two or three


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    """The application served by uvicorn on a free loopback port, in a thread, stopped afterwards."""
    import uvicorn

    app = make_app(fresh_settings(tmp_path / "instance"))
    port = _free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=20)


@pytest.fixture
def browser(tmp_path) -> Iterator:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "telechargements"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profil'}",
        "--lang=fr-FR",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))  # no Selenium Manager
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.implicitly_wait(5)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _sign_in(driver, base: str, password: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/connexion")
    driver.find_element(By.ID, "name").send_keys(ALICE)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.signin button").click()


def _downloaded(folder: Path) -> Path:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == ".docx"]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"nothing downloaded in {folder}: {list(folder.iterdir())}")


def test_a_reviewer_checks_the_seed_draft_in_chromium(server, browser, seed_docx, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    _sign_in(browser, server, "pas le bon mot de passe")
    refusal = browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert refusal == "Nom d'utilisateur ou mot de passe incorrect."
    assert browser.current_url.endswith("/connexion")

    _sign_in(browser, server, PASSWORD)
    WebDriverWait(browser, WAIT).until(expected_conditions.url_contains("/verifications"))
    draft = tmp_path / "Projet CTG Saint-Jean.docx"
    draft.write_bytes(seed_docx)
    browser.find_element(By.ID, "files").send_keys(str(draft))
    browser.find_element(By.CSS_SELECTOR, "form.upload button").click()
    WebDriverWait(browser, WAIT).until(expected_conditions.url_matches(r"/verifications/\d+$"))

    errors = browser.find_element(By.CSS_SELECTOR, "section.severity.error")
    assert errors.find_element(By.TAG_NAME, "h2").text == "Erreurs (3)"
    # WebDriver gives non-breaking spaces as plain ones
    assert "Texte à compléter : nom manquant avant « en date du »." in " ".join(errors.text.split())

    browser.find_element(By.PARTIAL_LINK_TEXT, "document annoté").click()
    annotated = _downloaded(browser.downloads)
    comments = [c.text for c in docx.Document(io.BytesIO(annotated.read_bytes())).comments]
    assert any("placeholder" in text and "nom manquant" in text for text in comments)
    assert len(comments) >= 3
