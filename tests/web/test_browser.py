"""End to end in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium):
a reviewer signs in, uploads the seed 004 draft, sees its errors, downloads the annotated .docx and
reads its comments; an officer signs a territory, edits its data, produces an avenant and sees it
listed, and is refused another Caf's territory."""

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

from tests.web.conftest import ALICE, AUTREVILLE, CLAIRE, PASSWORD, VILLEBOURG, fresh_settings, make_app

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


def _sign_in(driver, base: str, password: str, name: str = ALICE) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/connexion")
    driver.find_element(By.ID, "name").send_keys(name)
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


AMENDMENT = """amendment:
  reason: La commune a élu une nouvelle maire.
  effective: 2025-06-01
  signature: {place: Orléans, date: 2025-06-01}
  authorisations:
    - {party: commune, act: délibération, body: conseil municipal, date: 2025-05-20, number: "2025-30"}
"""


def _text(driver) -> str:
    from selenium.webdriver.common.by import By

    return " ".join(driver.find_element(By.TAG_NAME, "main").text.split())  # non-breaking spaces as plain ones


def test_an_officer_signs_edits_and_prepares_an_avenant_in_chromium(server, browser):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    _sign_in(browser, server, PASSWORD, CLAIRE)
    WebDriverWait(browser, WAIT).until(expected_conditions.url_contains("/territoires"))
    browser.find_element(By.LINK_TEXT, VILLEBOURG).click()
    WebDriverWait(browser, WAIT).until(expected_conditions.url_contains(f"/territoires/{VILLEBOURG}"))
    assert "Pas encore d’état signé." in _text(browser)

    browser.find_element(By.CSS_SELECTOR, "form.sign button").click()
    notice = browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "Signature enregistrée : la convention signée le 15 mars 2024" in " ".join(notice.split())

    browser.find_element(By.PARTIAL_LINK_TEXT, "Modifier les données").click()
    area = browser.find_element(By.ID, "text")
    text = area.get_property("value")
    assert "Paul Durand" in text
    edited = text.replace("Paul Durand", "Jeanne Leroy") + AMENDMENT
    browser.execute_script("arguments[0].value = arguments[1]", area, edited)  # faster than typing it all
    browser.find_element(By.CSS_SELECTOR, "form.data button").click()
    assert browser.find_element(By.CSS_SELECTOR, "[role=status]").text == "Données enregistrées."
    assert "Jeanne Leroy" in browser.find_element(By.ID, "text").get_property("value")

    browser.find_element(By.CSS_SELECTOR, f'main a[href="/territoires/{VILLEBOURG}"]').click()
    browser.find_element(By.CSS_SELECTOR, "form.avenant button").click()
    WebDriverWait(browser, WAIT).until(expected_conditions.url_matches(r"/travaux/[0-9a-f]+$"))
    # the job's page refreshes itself until the avenant is written: an element read as the page
    # reloads is gone (stale), and read again at the next try
    WebDriverWait(browser, WAIT, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "terminé" in d.find_element(By.CSS_SELECTOR, "dd.status").text
    )
    listed = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ul.files a")]
    assert listed == ["avenant-01.docx", "convention-consolidee-01.docx", "redline-01.docx"]

    browser.get(f"{server}/territoires/{VILLEBOURG}")
    avenants = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ul.avenants a")]
    assert avenants == ["avenant-01.docx"]
    assert "avenant" in browser.find_element(By.CSS_SELECTOR, "table.audit").text

    browser.get(f"{server}/territoires/{AUTREVILLE}")  # Caf B's territory
    assert browser.find_element(By.CSS_SELECTOR, "[role=alert]").text == "Territoire introuvable."


def test_the_data_editor_proposes_the_schemas_keys_and_values_in_chromium(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    _sign_in(browser, server, PASSWORD, CLAIRE)
    WebDriverWait(browser, WAIT).until(expected_conditions.url_contains("/territoires"))
    browser.get(f"{server}/territoires/{VILLEBOURG}/donnees")
    area = browser.find_element(By.ID, "text")
    WebDriverWait(browser, WAIT).until(lambda d: "Suggestions" in _proposed(d, area, Keys.CONTROL + " "))
    browser.execute_script("arguments[0].value = ''", area)  # a new file, typed key by key

    def offered() -> list[str]:
        return [
            li.find_element(By.TAG_NAME, "code").get_property("textContent")
            for li in browser.find_elements(By.CSS_SELECTOR, "#completion li")
        ]

    area.send_keys("per")
    assert offered() == ["period\u00a0*"]  # the top level's keys that start so; required ones starred
    assert "Suggestions (racine du fichier)" in browser.find_element(By.ID, "completion").text
    area.send_keys(Keys.TAB)  # a mapping: its key, then the next line indented
    assert area.get_property("value") == "period:\n  "
    area.send_keys(Keys.CONTROL + " ")
    assert set(offered()) == {"start\u00a0*", "end\u00a0*"}
    area.send_keys("start: 2024-01-01\n  ")
    area.send_keys(Keys.CONTROL + " ")
    assert offered() == ["end\u00a0*"]  # a key already there is not proposed again
    area.send_keys(Keys.ESCAPE, Keys.BACKSPACE * 2, "parties:\n  - kind: ")
    kinds = offered()
    assert kinds[:3] == ["caf", "commune", "epci"] and "autre" in kinds  # the values the schema allows
    area.send_keys("com", Keys.ENTER, "\n    representatives:\n      - civ", Keys.TAB)
    assert offered() == ["Monsieur", "Madame"]  # a key of the list item of the list item, then its values
    area.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    assert area.get_property("value").endswith(
        "parties:\n  - kind: commune\n    representatives:\n      - civility: Madame"
    )
    area.send_keys("\n        ")
    area.send_keys(Keys.CONTROL + " ")
    assert set(offered()) == {"name\u00a0*", "function\u00a0*"}


def _proposed(driver, area, keys: str) -> str:
    """What the completion box says after `keys` are typed (the schema may still be loading)."""
    from selenium.webdriver.common.by import By

    area.send_keys(keys)
    return driver.find_element(By.ID, "completion").text
