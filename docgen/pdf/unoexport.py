"""LibreOffice's PDF of each document in one load, its continued rows labelled in place.

Run by a Python that has LibreOffice's `uno` module (Debian's python3-uno), not by ctg's: only the
standard library and `uno` are used, no docgen module. `docgen.pdf.convert` starts it under the
watchman of `docgen.pdf.guard`, in the scratch folder:

    python3 unoexport.py SCRATCH COUNT SOFFICE OPTIONS

It starts LibreOffice, listening on a pipe of its own, then for i in 0…COUNT-1 waits for
`in{i}.docx` (or `in{i}.skip`: that document will not come), loads it hidden, and exports
`out/in{i}.pdf` with the PDF export OPTIONS (JSON: name → {"type", "value"}). With `in{i}.plan.json`
(written before the document: see `docgen.build.paging.label_plan`), the rows of its merged tables
that start a page have their merged cells split there and labelled again « … (suite) »
(`unolabels`, in LibreOffice's process: LibreOffice starts with it as a component; over the bridge
if it cannot, or with $CTG_UNO_REMOTE_LABELS=1); the rows labelled go to `out/in{i}.labels.json`,
written before the PDF. Whether the labels moved other rows to the top of a page, the PDF tells
(`docgen.build.paging.next_layout`; reading the layout again here costs more, and the labels
almost never do). One LibreOffice load per document instead of two starts of `soffice
--convert-to`. A document it cannot convert has no output and the next one goes on; its message
goes to the standard error (the watchman's log).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any  # UNO's objects: typed by LibreOffice at run time
from xml.sax.saxutils import quoteattr

import uno  # type: ignore[import-not-found]  # LibreOffice's, in the Python that runs this
import unolabels  # type: ignore[import-not-found]  # beside this file: the script's folder is on the path
from com.sun.star.beans import NamedValue, PropertyValue  # type: ignore[import-not-found]

CONNECT_S = 60  # LibreOffice's first start (a new profile) takes a few seconds
POLL_S = 0.005
Labeller = Callable[[Any, dict], list[str]]  # a document, its plan → the rows labelled


def _value(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _typed(option: dict) -> object:
    kind, value = option["type"], option["value"]
    if kind == "boolean":
        return value in (True, "true")
    if kind == "long":
        return int(value)
    return value


def _connect(pipe: str, office: subprocess.Popen) -> tuple[Any, Any]:
    """LibreOffice's component context and desktop, once it listens."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_S
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            return context, desktop
        except Exception:  # noqa: BLE001 - not listening yet
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _arrived(scratch: Path, i: int) -> Path | None:
    """Document i once it is there; None if it will not come."""
    source, skip = scratch / f"in{i}.docx", scratch / f"in{i}.skip"
    while True:
        if source.exists():
            return source
        if skip.exists():
            return None
        time.sleep(POLL_S)


def _services(scratch: Path, soffice: str) -> list[str]:
    """The start option that has LibreOffice load `unolabels` as a component: the services of its
    own installation (`URE_MORE_SERVICES`, as its `fundamentalrc` says, but those of extensions:
    a new profile has none), and ours, registered in a file of the scratch folder. None if its
    installation is not laid out as expected."""
    services = Path(os.path.realpath(soffice)).parent / "services"
    if os.environ.get("CTG_UNO_REMOTE_LABELS") == "1" or not services.is_dir():
        return []
    component = Path(unolabels.__file__).resolve().as_uri()
    registration = scratch / "labels.components"
    registration.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<components xmlns="http://openoffice.org/2010/uno-components">'
        f'<component loader="com.sun.star.loader.Python" uri={quoteattr(component)}>'
        f'<implementation name="{unolabels.SERVICE}"><service name="{unolabels.SERVICE}"/></implementation>'
        "</component></components>\n",
        "utf-8",
    )
    return [f"-env:URE_MORE_SERVICES=<{services.as_uri()}>* {registration.as_uri()}"]


def _labeller(context: Any) -> Labeller:
    """The labels made by the component in LibreOffice's process, else over the bridge."""
    try:
        job = context.ServiceManager.createInstanceWithContext(unolabels.SERVICE, context)
    except Exception:  # noqa: BLE001 - its Python loader failed: over the bridge
        job = None
    if job is None:
        return unolabels.labelled_rows
    toolkit = context.ServiceManager.createInstanceWithContext("com.sun.star.awt.Toolkit", context)

    def labelled(doc: Any, plan: dict) -> list[str]:
        # Writer goes on laying a document out while it is idle, and calls made in its process
        # leave it no idle time (over the bridge, each call's wait did): the pages read would be
        # those of a layout in progress. So, its idle work done first (or the layout made whole).
        try:
            toolkit.processEventsToIdle()
        except AttributeError:  # a LibreOffice before its XToolkitExperimental
            doc.refresh()
        arguments = (NamedValue("Document", doc), NamedValue("Plan", json.dumps(plan)))
        return json.loads(job.execute(arguments))

    return labelled


def _convert(desktop: Any, source: Path, target: Path, export: tuple, labels: Labeller) -> None:
    plan_file = source.with_name(source.stem + ".plan.json")
    plan = json.loads(plan_file.read_text("utf-8")) if plan_file.exists() else None
    doc = desktop.loadComponentFromURL(source.as_uri(), "_blank", 0, (_value("Hidden", True),))
    if doc is None:
        raise RuntimeError("document illisible")
    try:
        if plan and plan["tables"]:
            rows = labels(doc, plan)
            told = target.with_name(target.stem + ".labels.json")
            told.with_suffix(".part").write_text(json.dumps(rows), "utf-8")
            os.replace(told.with_suffix(".part"), told)
        staging = target.with_suffix(".part")
        doc.storeToURL(staging.as_uri(), export)
        os.replace(staging, target)  # the caller sees the whole PDF or none
    finally:
        doc.close(True)


def main(argv: list[str]) -> int:
    scratch, count, soffice, options = Path(argv[0]), int(argv[1]), argv[2], json.loads(argv[3])
    out = scratch / "out"
    out.mkdir(exist_ok=True)
    pipe = f"ctg-{os.getpid()}-{scratch.name}"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
            *_services(scratch, soffice),
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    filters = tuple(_value(name, _typed(option)) for name, option in options.items())
    export = (
        _value("FilterName", "writer_pdf_Export"),
        _value("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", filters)),
    )
    try:
        context, desktop = _connect(pipe, office)
        labels = _labeller(context)
        for i in range(count):
            source = _arrived(scratch, i)
            if source is None:
                continue
            try:
                _convert(desktop, source, out / f"in{i}.pdf", export, labels)
            except Exception as exc:  # noqa: BLE001 - this document fails, the next ones go on
                print(f"in{i}.docx : {type(exc).__name__} {exc}", file=sys.stderr, flush=True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge closes as LibreOffice ends
            pass
        office.wait(timeout=30)
    finally:
        if office.poll() is None:
            office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
