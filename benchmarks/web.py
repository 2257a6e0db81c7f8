"""Web benchmark: 20 concurrent uploads of the 54-page seed draft to a running `ctg serve`.

Starts `ctg serve` on a free loopback port with a new data folder (embedded SQLite), adds an
account with `ctg users add`, then sends the Saint-Jean-de-la-Ruelle draft (seed 004) to
`POST /api/check` (HTTP Basic), 20 requests at once: first as .docx, then as PDF (LibreOffice's
conversion of the same draft). The seed holds the draft's text; its état des lieux was mostly
charts and maps, 13 of its 54 pages: the draft is given as many full-page charts there (drawn by
`scripts/example_charts.py`) as it takes for LibreOffice's layout of it to reach 54 pages.
Prints, for each, the throughput, the p50 and p95 latencies and
the failures, and the server's peak memory (its resident set, with any child it forks, sampled
every 20 ms). Targets: no failure; memory under 1 GB.
Run: .venv/bin/python benchmarks/web.py
"""

from __future__ import annotations

import base64
import io
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from docgen.pdf.convert import docx_to_pdf  # noqa: E402
from tests.seedfixtures import saint_jean_docx  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from example_charts import bars  # noqa: E402

CTG = str(Path(sys.executable).with_name("ctg"))
CONCURRENT = 20
PAGES = 54  # the signed convention's, charts and maps included
USER, PASSWORD, CAF = "relecteur", "mot de passe du banc d'essai", "caf-45"
MEMORY_TARGET = 1 << 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def upload(url: str, name: str, data: bytes) -> tuple[float, int]:
    body, kind = multipart(name, data)
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(
        f"{url}/api/check", body, {"Content-Type": kind, "Authorization": f"Basic {token}"}, method="POST"
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            report = json.loads(response.read())
            status = response.status if report["files"][0]["readable"] else 0
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (OSError, ValueError, KeyError, IndexError):
        status = -1
    return time.perf_counter() - start, status


def _tree_rss(pid: int) -> dict[int, int]:
    """Resident bytes of process `pid` and of its children (the checking pool's workers), by pid."""
    out = {}
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):  # the pool's workers are children of one of its threads
        try:
            pids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/statm").read_text().split()
            out[p] = int(fields[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return out


class PeakMemory(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True
        self.parts: list[int] = []

    def run(self) -> None:
        while self.running:
            sizes = _tree_rss(self.pid)
            if sum(sizes.values()) > self.peak:
                self.peak = sum(sizes.values())
                self.parts = [sizes.get(self.pid, 0), *(v for k, v in sizes.items() if k != self.pid)]
            time.sleep(0.02)


def wait_ready(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"le serveur s'est arrêté (code {server.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/connexion", timeout=2):
                return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.2)
    raise SystemExit("le serveur ne répond pas au bout de 60 secondes")


def round_of(url: str, name: str, data: bytes) -> tuple[list[float], int, float]:
    with ThreadPoolExecutor(CONCURRENT) as pool:
        start = time.perf_counter()
        results = list(pool.map(lambda _: upload(url, name, data), range(CONCURRENT)))
        wall = time.perf_counter() - start
    return [t for t, _ in results], sum(status != 200 for _, status in results), wall


def with_charts(draft: bytes, count: int, folder: Path) -> bytes:
    """`draft` with `count` full-page charts at the start of its état des lieux (annexe 1), each
    on its own page, with a caption, as the signed convention has them."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    document = docx.Document(io.BytesIO(draft))
    anchor = next(p for p in document.paragraphs if "ÉTAT DES LIEUX TERRITOIRE" in p.text.upper())._p  # its title
    for k in range(count):
        chart = folder / f"graphique-{k + 1}.png"
        values = [(name, 10.0 + (7 * k + 5 * i) % 40) for i, name in enumerate(("Commune", "Métropole", "Loiret"))]
        bars(f"Indicateur {k + 1} du territoire (%)", values, chart)
        picture = document.add_paragraph()
        picture.add_run().add_break(WD_BREAK.PAGE)
        picture.add_run().add_picture(str(chart), width=Cm(16), height=Cm(21))
        caption = document.add_paragraph(f"Graphique {k + 1}\u00a0: indicateur {k + 1}, Insee 2018")
        for paragraph in (picture, caption):
            anchor.addnext(paragraph._p)
            anchor = paragraph._p
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def fifty_four_pages(folder: Path) -> tuple[bytes, bytes, int]:
    """The seed draft with the charts that bring LibreOffice's layout of it to `PAGES` pages: .docx, PDF, pages."""
    text_only = saint_jean_docx()
    pages = page_count(docx_to_pdf([text_only], ["seed-004.docx"])[0])
    charts = PAGES - pages
    for _ in range(3):  # a chart's page may push the text after it by a page: a chart less then
        draft = with_charts(text_only, max(0, charts), folder)
        pdf = docx_to_pdf([draft], ["seed-004.docx"])[0]
        if page_count(pdf) == PAGES or charts <= 0:
            break
        charts += PAGES - page_count(pdf)
    return draft, pdf, page_count(pdf)


def main() -> None:
    with tempfile.TemporaryDirectory() as charts:
        draft, pdf, pages = fifty_four_pages(Path(charts))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "donnees"
        subprocess.run(
            [CTG, "users", "add", USER, "--caf", CAF, "--role", "reviewer", "--data", str(data)],
            input=PASSWORD + "\n",
            text=True,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [CTG, "serve", "--port", str(port), "--data", str(data)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_ready(url, server)
            memory = PeakMemory(server.pid)
            memory.start()
            print(
                f"Application web : {CONCURRENT} envois simultanés du projet de Saint-Jean-de-la-Ruelle ({pages} pages)"
            )
            failures = 0
            for label, name, content in (("Word (.docx)", "projet.docx", draft), ("PDF", "projet.pdf", pdf)):
                times, failed, wall = round_of(url, name, content)
                failures += failed
                p95 = statistics.quantiles(times, n=20)[-1]
                print(
                    f"  {label:<13} {len(content) / 1e6:.2f} Mo : {CONCURRENT / wall:.2f} vérifications/s, "
                    f"p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s, échecs {failed}"
                )
            memory.running = False
            memory.join()
            peak = memory.peak
            parts = " + ".join(f"{part / 2**20:.0f}" for part in memory.parts)
            print(
                f"  mémoire du serveur (pic)  : {peak / 2**20:.0f} Mio, processus et ses enfants : {parts} "
                f"(objectif < 1 024 Mio : {'atteint' if peak < MEMORY_TARGET else 'manqué'})"
            )
            print(f"  échecs : {failures} (objectif : aucun — {'atteint' if failures == 0 else 'manqué'})")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
