"""Building many territories at once: `ctg build conventions/` (or several territory folders).

Each territory is rendered by a pool of worker processes, one per core; LibreOffice starts,
one per core for a batch of PDFs (each converts on one core), make every PDF, each fed its share
of the documents as soon as they are rendered, and the pool finishes each
territory (its check, sommaire numbers, archival PDF, writing) as soon as LibreOffice has
converted it. A territory that fails is told in French in the summary and does not stop the
others; nothing of it is written.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.build.job import Prepared, finish, prepare, self_check, territory_name
from docgen.model.errors import DocgenError

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

TERRITORY_FILE = "convention.yaml"


@dataclass(frozen=True)
class Written:
    """What a territory's build wrote (its `BuildResult` but the document tree, which the pool's
    processes do not send back)."""

    docx: Path
    pdf: Path | None
    replaced: bool


@dataclass(frozen=True)
class Outcome:
    """One territory of a batch: what was written, or why nothing was."""

    territory: Path
    result: Written | None = None
    error: str | None = None


@dataclass(frozen=True)
class _Staged:
    """A build prepared by the pool, as this process hands it on: what LibreOffice is given, and
    the `Prepared` build pickled once by the pool (passed on, never read here)."""

    layout: bytes | None
    plan: str | None
    state: bytes

    @classmethod
    def of(cls, prepared: Prepared) -> _Staged:
        rest = dataclasses.replace(prepared, layout=None)  # the layout once: beside
        return cls(prepared.layout, prepared.plan, pickle.dumps(rest, pickle.HIGHEST_PROTOCOL))

    def prepared(self) -> Prepared:
        return dataclasses.replace(pickle.loads(self.state), layout=self.layout)


def territories(paths: list[Path]) -> list[Path]:
    """The territory folders named, or found one level down in the folders named (sorted)."""
    found: list[Path] = []
    for path in paths:
        if os.path.lexists(path / TERRITORY_FILE) or path.suffix in (".yaml", ".yml"):
            found.append(path)  # a territory (whatever its file is: reading it will tell)
        elif path.is_dir():
            inside = sorted(p for p in path.iterdir() if os.path.lexists(p / TERRITORY_FILE))
            if not inside:
                raise DocgenError(f"aucun fichier {TERRITORY_FILE} dans ce dossier ni dans ses sous-dossiers", path)
            found.extend(inside)
        else:
            raise DocgenError("dossier de territoire introuvable", path)
    names: dict[str, Path] = {}
    for path in found:  # each is written to output/<its name>/: two of one name would overwrite
        name = territory_name(path)
        if name in names:
            raise DocgenError(
                f"deux territoires s'appellent «\u00a0{name}\u00a0» ({names[name]} et {path})\u00a0: "
                "leurs conventions iraient dans le même dossier de sortie",
                path,
            )
        names[name] = path
    return found


def build_all(
    folders: list[Path],
    output_root: Path,
    *,
    pdf: bool = False,
    force: bool = False,
    advance: Callable[[], None] = lambda: None,
    lanes: int | None = None,
) -> list[Outcome]:
    """Build every territory; `advance` is called as each one is done (a progress bar).

    The pool renders the conventions; with `pdf`, the territories are shared between `lanes`
    LibreOffice starts running side by side (one per core by default: LibreOffice converts on one
    core), each converting its documents in turn while the pool renders the next ones; the pool
    checks and writes each one as soon as its PDF is there."""
    workers = max(1, min(os.cpu_count() or 1, len(folders)))
    if not pdf:
        lanes = 1
    elif lanes is None:  # a LibreOffice start costs about two conversions: not for a few documents
        lanes = max(1, min(workers, len(folders) // 4))
    shares = [list(range(lane, len(folders), lanes)) for lane in range(lanes)]

    import multiprocessing  # a batch's: not for a single build
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    # spawned workers: forked ones would hold LibreOffice's watchman's pipe open (see pdf/convert.py)
    context = multiprocessing.get_context("spawn")
    outcomes: dict[int, Outcome] = {}
    with ProcessPoolExecutor(workers, context, initializer=_worker) as pool:
        if lanes == 1:
            outcomes.update(_lane(folders, shares[0], output_root, pdf, force, advance, pool, workers))
        else:
            with ThreadPoolExecutor(lanes) as threads:
                running = [
                    threads.submit(
                        _lane, folders, share, output_root, pdf, force, advance, pool, max(1, workers // lanes)
                    )
                    for share in shares
                ]
                for lane in running:
                    outcomes.update(lane.result())
    return [outcomes[i] for i in range(len(folders))]


def _lane(
    folders: list[Path],
    share: list[int],
    output_root: Path,
    pdf: bool,
    force: bool,
    advance: Callable[[], None],
    pool: Executor,
    workers: int,
) -> dict[int, Outcome]:
    """The territories `share` (indices into `folders`) of a batch: rendered by the pool, converted
    by one LibreOffice start (with `pdf`), finished by the pool; their outcomes by index."""
    from concurrent.futures import wait

    outcomes: dict[int, Outcome] = {}
    finishing: dict[int, Future] = {}
    prepared: dict[int, _Staged] = {}
    waiting: list[tuple[int, bytes | None, frozenset[str] | None]] = []  # converted, not handed to the pool yet
    slots = [max(1, workers - 1)]  # while LibreOffice runs, a core is left to it

    def release() -> None:
        while waiting and sum(not f.done() for f in finishing.values()) < slots[0]:
            i, converted, labelled = waiting.pop(0)
            finishing[i] = pool.submit(_finish, prepared[i], converted, labelled)

    with ExitStack() as stack:
        conversion = None
        if pdf:
            from docgen.pdf.convert import PDF_EXPORT, Conversion

            def ready(j: int, converted: bytes | None) -> None:
                assert conversion is not None
                waiting.append((share[j], converted, conversion.labelled.get(j)))
                release()

            conversion = stack.enter_context(Conversion(len(share), PDF_EXPORT, ready, early=True))
        rendering = [pool.submit(_prepare, folders[i], output_root, pdf, force) for i in share]
        for j, (i, future) in enumerate(zip(share, rendering, strict=True)):
            while conversion is not None and not wait([future], timeout=0.1).done:
                conversion.poll()  # PDFs made meanwhile go to the pool at once
            value = _result(future)
            if isinstance(value, str):
                outcomes[i] = Outcome(folders[i], error=value)
                advance()
                if conversion is not None:
                    conversion.skip(j)
            elif conversion is not None:
                prepared[i] = value
                conversion.put(j, _layout(value), value.plan)
            else:
                prepared[i] = value
                finishing[i] = pool.submit(_finish, value, None)
        if conversion is not None:
            try:
                conversion.finish(release)
                slots[0] = len(share)  # LibreOffice is done: the pool queues the rest
                release()
            except DocgenError as exc:  # LibreOffice stopped: the documents it had not converted fail
                for i in sorted(set(prepared) - set(finishing)):
                    outcomes[i] = Outcome(folders[i], error=str(exc))
                    advance()
        while finishing:  # the territories whose tables continue on other rows: laid out again
            again: dict[int, _Staged] = {}
            for i in sorted(finishing):
                value = _result(finishing[i])
                if isinstance(value, _Staged):
                    again[i] = value
                    continue
                outcomes[i] = (
                    Outcome(folders[i], error=value) if isinstance(value, str) else Outcome(folders[i], result=value)
                )
                advance()
            finishing = _relaid(again, pool) if again else {}
    return outcomes


def _relaid(again: dict[int, _Staged], pool: Executor) -> dict[int, Future]:
    """The builds of `again` converted once more, in one LibreOffice start, each handed to the pool
    to finish as soon as its PDF is there (a failed conversion fails in `_finish`)."""
    from docgen.pdf.convert import PDF_EXPORT, Conversion

    order = list(again)
    finishing: dict[int, Future] = {}

    def ready(j: int, converted: bytes | None) -> None:
        finishing[order[j]] = pool.submit(_finish, again[order[j]], converted, conversion.labelled.get(j))

    try:
        with Conversion(len(order), PDF_EXPORT, ready) as conversion:
            for j, i in enumerate(order):
                conversion.put(j, _layout(again[i]), again[i].plan)
            conversion.finish()
    except DocgenError:  # LibreOffice stopped: those it had not converted fail in `_finish`
        for i in order:
            finishing.setdefault(i, pool.submit(_finish, again[i], None))
    return finishing


def _layout(staged: _Staged) -> bytes:
    assert staged.layout is not None  # a build with PDF has its layout variant (`prepare`)
    return staged.layout


def _worker() -> None:
    from docgen.pdf import twocores

    twocores.one_core()  # the pool uses the cores already


def _prepare(folder: Path, output_root: Path, pdf: bool, force: bool) -> _Staged | str:
    return _guarded(lambda: _Staged.of(prepare(folder, output_root, pdf=pdf, force=force)))


def _finish(
    staged: _Staged, converted: bytes | None, labelled: frozenset[str] | None = None
) -> Written | _Staged | str:
    def complete() -> Written | _Staged:
        prepared = staged.prepared()
        if prepared.passes == 1:  # checked already when laid out again (with a PDF: in `finish`)
            self_check(prepared)
        done = finish(prepared, converted, labelled)
        if isinstance(done, Prepared):
            return _Staged.of(done)
        return Written(done.docx, done.pdf, done.replaced)

    return _guarded(complete)


def _guarded(work: Callable[[], object]):
    try:
        return work()
    except DocgenError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one territory must not stop the batch
        return f"erreur inattendue ({type(exc).__name__})"


def _result(future: Future):
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a worker that died
        return f"erreur inattendue ({type(exc).__name__})"


def summary(outcomes: list[Outcome]) -> Iterator[str]:
    """The French summary table: one line per territory, then the totals."""
    width = max(len("Territoire"), *(len(o.territory.name) for o in outcomes))
    yield f"{'Territoire'.ljust(width)}  Résultat"
    for o in outcomes:
        if o.result is not None:
            verb = "remplacé" if o.result.replaced else "écrit"
            what = f"convention et PDF {verb}s" if o.result.pdf else f"convention {verb}e"
            yield f"{o.territory.name.ljust(width)}  {what} dans {o.result.docx.parent}"
        else:
            first, *rest = (o.error or "").splitlines() or [""]
            yield f"{o.territory.name.ljust(width)}  échec\u00a0: {first}"
            yield from (f"{' ' * width}  {line}" for line in rest)
    failed = sum(1 for o in outcomes if o.result is None)
    done = len(outcomes) - failed
    plural = "s" if done > 1 else ""
    end = "." if failed == 0 else f", {failed} territoire{'s' if failed > 1 else ''} en échec (rien n'en a été écrit)."
    yield f"{done} convention{plural} produite{plural}{end}"


def progress(total: int) -> tuple[Callable[[], None], Callable[[], None]]:
    """A progress bar on the terminal (`advance`, `close`); none when the output is not one."""
    if not sys.stderr.isatty():
        return (lambda: None), (lambda: None)
    from tqdm import tqdm  # type: ignore[import-untyped]  # no stubs published

    size = shutil.get_terminal_size()  # 80 × 24 where the terminal does not say (tqdm would take 0 and hide it)
    bar = tqdm(
        total=total,
        desc="Conventions",
        bar_format="{desc}\u00a0: {n_fmt} sur {total_fmt} |{bar}| {elapsed}",
        leave=False,
        file=sys.stderr,
        ncols=size.columns,
        nrows=size.lines,
    )
    return (lambda: bar.update(1)), bar.close
