"""The signed states of a convention, kept with its data in `conventions/<territory>/history/`.

State 0 is the convention as signed; state N is the convention as amended by avenant n° N.
Each state is a verbatim copy of `convention.yaml` at signature, read-only, with its SHA-256
recorded in `history/signatures.yaml`: a signed state is never overwritten, and any later edit
of one is detected and refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from docgen.build.assemble import assemble
from docgen.data.loading import HISTORY_DIR, convention_file, load_convention
from docgen.data.yamlsource import KeyPath, dump_yaml, format_keypath, load_yaml
from docgen.inputs import DRAFT_LIMIT, YAML_LIMIT, fingerprint, read_input
from docgen.invocation import ctg
from docgen.library.catalog import Library
from docgen.model.errors import DocgenError, DocgenErrors, os_reason
from docgen.model.frenchtext import date_fr
from docgen.model.territory import Amendment, Convention
from docgen.output import write_atomic

MANIFEST = "signatures.yaml"
HEADER = (
    "# Registre des états signés de la convention, tenu par « ctg sign ».\n"
    "# Ne pas modifier : un état signé ne peut être changé que par un nouvel avenant.\n"
)


@dataclass(frozen=True)
class SignedState:
    """A signed state: the convention (number 0) or the convention as amended by avenant n° N."""

    number: int
    signed: dt.date
    file: Path
    sha256: str
    original: Path | None = None  # an imported convention: a copy of the signed file it was read from
    original_sha256: str = ""

    @property
    def kind(self) -> str:
        return "convention" if self.number == 0 else "avenant"

    def describe(self) -> str:
        what = "la convention" if self.number == 0 else f"l'avenant n°\u00a0{self.number}"
        return f"{what} signé{'e' if self.number == 0 else ''} le {date_fr(self.signed)}"


def territory_folder(territory: Path) -> Path:
    """The territory folder (given the folder or its convention.yaml)."""
    path = Path(territory)
    return path.parent if path.suffix in (".yaml", ".yml") else path


def state_name(number: int) -> str:
    """« 00-convention.yaml », « 01-avenant.yaml »…: the only names a state may have."""
    return f"{number:02d}-{'convention' if number == 0 else 'avenant'}.yaml"


def _pending(folder: Path, number: int) -> Path:
    return folder / f".{state_name(number)}.pending"


def _entry_hash(entry: dict) -> str:
    """The fingerprint of a register entry, recorded by the next one (the chain)."""
    fields: tuple[str, ...] = ("number", "kind", "signed", "file", "sha256", "previous")
    fields += tuple(k for k in ("original", "original_sha256") if k in entry)  # an imported convention's
    return fingerprint("\n".join(f"{k}={entry.get(k)}" for k in fields).encode("utf-8"))


def original_name(number: int, suffix: str) -> str:
    """« 00-original.pdf »: the copy of the signed file an imported convention was read from."""
    return f"{number:02d}-original{suffix.lower()}"


def load_history(territory: Path) -> list[SignedState]:
    """The signed states, oldest first, each checked against the register's hash chain.

    Each entry records the SHA-256 of its state file and of the previous entry: editing a state,
    its fingerprint, its date, or removing or reordering entries breaks the chain or leaves a state
    file unregistered, and is refused. A signature interrupted by a kill is completed or undone.
    """
    folder = territory_folder(territory) / HISTORY_DIR
    manifest = folder / MANIFEST
    if not manifest.exists():
        if any(folder.glob("[0-9][0-9]-*.yaml")):
            raise DocgenError(
                "le registre des signatures a disparu alors que des états signés sont présents\u00a0: "
                "restaurez-le (par exemple avec git)",
                manifest,
            )
        _discard_pending(folder, 0)
        return []
    source = load_yaml(manifest)
    entries = source.data if isinstance(source.data, list) else None
    if entries is None:
        raise DocgenError("registre des signatures illisible (liste attendue)", manifest)
    states = []
    previous = ""
    for index, entry in enumerate(entries):
        where = source.line_of((index,))
        try:
            state = SignedState(int(entry["number"]), entry["signed"], folder / entry["file"], str(entry["sha256"]))
            recorded_previous = str(entry["previous"])
            if "original" in entry:
                original = folder / str(entry["original"])
                state = dataclasses.replace(state, original=original, original_sha256=str(entry["original_sha256"]))
        except (KeyError, TypeError, ValueError):
            raise DocgenError("entrée du registre des signatures illisible", manifest, where) from None
        if state.number != index or not isinstance(state.signed, dt.date):
            raise DocgenError("registre des signatures incohérent", manifest, where)
        if entry["file"] != state_name(index):
            raise DocgenError(
                f"registre des signatures incohérent\u00a0: l'état n° {index} doit être le fichier "
                f"«\u00a0{state_name(index)}\u00a0» de history/",
                manifest,
                where,
            )
        if recorded_previous != previous:
            raise DocgenError(
                "registre des signatures altéré\u00a0: l'entrée ne suit pas la précédente (chaîne d'empreintes "
                "rompue) ; restaurez-le (par exemple avec git)",
                manifest,
                where,
            )
        previous = _entry_hash(entry)
        if not state.file.is_file() and _pending(folder, index).is_file():
            os.replace(_pending(folder, index), state.file)  # a signature interrupted after its registration
        if not state.file.is_file():
            raise DocgenError(f"l'état signé n° {state.number} est introuvable", state.file)
        if fingerprint(read_input(state.file, YAML_LIMIT, "un état signé")) != state.sha256:
            raise DocgenError(
                f"l'état signé n° {state.number} ({state.describe()}) a été modifié après sa signature\u00a0: "
                "restaurez-le (par exemple avec git) ; un changement passe par un nouvel avenant",
                state.file,
            )
        if state.original is not None and (
            state.original.name != original_name(index, state.original.suffix)
            or not state.original.is_file()
            or fingerprint(read_input(state.original, DRAFT_LIMIT, "une convention signée")) != state.original_sha256
        ):
            raise DocgenError(
                f"la copie de la convention signée importée ({state.original.name}) est absente ou a été "
                "modifiée\u00a0: restaurez-la (par exemple avec git)",
                state.original,
            )
        if _signature_date(state) != state.signed:
            raise DocgenError(
                f"registre des signatures altéré\u00a0: la date de l'état n° {state.number} n'est pas celle de "
                "ses données ; restaurez-le (par exemple avec git)",
                manifest,
                where,
            )
        states.append(state)
    _discard_pending(folder, len(states))
    stray = sorted(p.name for p in folder.glob("[0-9][0-9]-*.yaml") if p.name not in {s.file.name for s in states})
    if stray:
        raise DocgenError(
            f"état signé absent du registre\u00a0: {', '.join(stray)} (entrée supprimée du registre\u00a0?) ; "
            "restaurez le registre (par exemple avec git)",
            manifest,
        )
    return states


def _signature_date(state: SignedState) -> object:
    """The signature date the state's own data give (the convention's, or its avenant's)."""
    data = load_yaml(state.file).data
    if not isinstance(data, dict):
        return None
    section = data.get("amendment") if state.number else data
    signature = section.get("signature") if isinstance(section, dict) else None
    return signature.get("date") if isinstance(signature, dict) else None


def _discard_pending(folder: Path, number: int) -> None:
    """A signature interrupted before its registration: undone (the state is not signed)."""
    pending = _pending(folder, number)
    if pending.exists():
        pending.chmod(0o644)
        pending.unlink()


def signed_data(state: SignedState, library: Library) -> Convention:
    """The convention data of a signed state."""
    return load_convention(state.file, library)


def same_content(a: Convention, b: Convention) -> bool:
    """True when two data sets give the same convention (the pending avenant's notes aside)."""
    return a.model_copy(update={"amendment": None}) == b.model_copy(update={"amendment": None})


def check_pending(
    current: Convention, states: list[SignedState], library: Library, *, signing: bool, source: Path
) -> tuple[Convention, Amendment]:
    """The last signed data and the pending amendment, once sure the current data describe a new avenant."""
    last = states[-1]
    previous = signed_data(last, library)
    if same_content(current, previous):
        if signing:
            raise DocgenError(f"cet état est déjà signé\u00a0: {last.describe()} (aucune modification depuis)", source)
        raise DocgenError(f"aucune modification depuis {last.describe()}\u00a0: aucun avenant à produire", source)
    if current.amendment is None:
        raise DocgenError(
            f"valeur manquante\u00a0: les données ont changé depuis {last.describe()}\u00a0; décrivez l'avenant dans "
            "la section «\u00a0amendment\u00a0» (motif, date de prise d'effet, lieu et date de signature)",
            source,
        )
    if last.number and previous.amendment == current.amendment:
        raise DocgenError(
            f"la section «\u00a0amendment\u00a0» est encore celle de l'avenant n° {last.number}, déjà signé\u00a0: "
            "décrivez le nouvel avenant",
            source,
        )
    _check_dates(previous, current.amendment, last, source)
    errors = _authorisation_errors(previous, current, current.amendment, last, convention_file(Path(source)))
    if errors:
        raise DocgenErrors(errors)
    return previous, current.amendment


def _check_dates(previous: Convention, amendment: Amendment, last: SignedState, source: Path) -> None:
    """An avenant is signed after the last signed state, and signed and effective while the convention runs."""
    if amendment.signature.date < last.signed:
        raise DocgenError(f"la date de signature de l'avenant précède celle de {last.describe()}", source)
    end = previous.period.end
    late = [
        f"{what} le {date_fr(day)}"
        for what, day in (("signé", amendment.signature.date), ("prenant effet", amendment.effective))
        if day > end
    ]
    if late:
        raise DocgenError(
            f"la convention a pris fin le {date_fr(end)}\u00a0: un avenant {' et '.join(late)} ne peut plus la "
            "modifier. Une convention échue se renouvelle par une nouvelle convention",
            source,
            remedy=f"\u00a0: «\u00a0{ctg()} new conventions/<nouveau territoire> --from "
            f"{territory_folder(Path(source)).as_posix()} --period AAAA-MM-JJ:AAAA-MM-JJ\u00a0»",
            remedy_web=".",
        )


def _authorisation_errors(
    previous: Convention, current: Convention, amendment: Amendment, last: SignedState, source: Path
) -> list[DocgenError]:
    """Each party authorised to sign the convention needs its own act for the avenant, dated after `last`."""
    yaml_source = load_yaml(source)

    def error(keypath: KeyPath, message: str) -> DocgenError:
        return DocgenError(message, source, yaml_source.line_of(keypath), format_keypath(keypath))

    number = last.number + 1
    errors = []
    signed_parties = {p.id: p for p in previous.parties}
    for i, party in enumerate(current.parties):
        before = signed_parties.get(party.id)
        if before is None or before.authorisation is None:
            continue
        if party.authorisation != before.authorisation:
            errors.append(
                error(
                    ("parties", i, "authorisation"),
                    f"l'acte qui a autorisé {party.name} à signer la convention ne change pas avec un avenant\u00a0: "
                    "rétablissez-le tel que signé et indiquez l'acte qui autorise l'avenant dans "
                    "«\u00a0amendment.authorisations\u00a0»",
                )
            )
        if amendment.authorisation_of(party.id) is None:
            errors.append(
                error(
                    ("amendment", "authorisations"),
                    f"valeur manquante\u00a0: aucun acte n'autorise {party.name} à signer "
                    f"l'avenant n°\u00a0{number}\u00a0; "
                    f"la {before.authorisation.act} du {date_fr(before.authorisation.date)} autorisait la convention, "
                    f"pas un avenant\u00a0: ajoutez-le dans «\u00a0amendment.authorisations\u00a0» "
                    f"(party\u00a0: {party.id}, act, body, date, number)",
                )
            )
    for i, act in enumerate(amendment.authorisations):
        if act.date < last.signed:
            errors.append(
                error(
                    ("amendment", "authorisations", i, "date"),
                    f"l'acte qui autorise l'avenant est daté du {date_fr(act.date)}, avant la signature de "
                    f"{last.describe()}\u00a0: un avenant est autorisé par un acte postérieur",
                )
            )
    return errors


@contextmanager
def territory_lock(territory: Path) -> Iterator[None]:
    """One command at a time on a territory's history: a second one is told so, in French.

    The lock is held on the territory folder itself, so that it leaves no file behind.
    """
    folder = territory_folder(territory)
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise DocgenError(f"dossier du territoire inaccessible ({os_reason(exc)})", folder) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DocgenError(
                "une autre commande ctg travaille déjà sur ce territoire\u00a0: réessayez quand elle sera terminée",
                folder,
            ) from None
        yield
    finally:
        os.close(fd)  # releases the lock


def sign(territory: Path, library: Library, date: dt.date | None = None, imported: Path | None = None) -> SignedState:
    """Record the current data as signed: the convention first, then each avenant in turn.

    `imported`: the signed file (.docx or .pdf) that `ctg import` read the data from; it is kept,
    with its SHA-256, beside state 0.

    Crash-safe: the state is written under a pending name, the register (which decides) is then
    written atomically, then the state takes its name; `load_history` completes or undoes an
    interrupted signature, so that the next command finds it signed or not signed, never blocked.
    """
    folder = territory_folder(territory)
    source = convention_file(folder)
    with territory_lock(folder):
        data = read_input(source, YAML_LIMIT, "un fichier de données")
        current = load_convention(source, library)
        assemble(current, library, source)  # what is recorded as signed must build, as ctg build checks it
        states = load_history(folder)
        if not states:
            expected = current.signature.date
        else:
            _, amendment = check_pending(current, states, library, signing=True, source=source)
            expected = amendment.signature.date
        if date is not None and date != expected:
            raise DocgenError(
                f"la date donnée ({date_fr(date)}) diffère de la date de signature des données ({date_fr(expected)})",
                source,
            )
        history = folder / HISTORY_DIR
        target = history / state_name(len(states))  # load_history refused any file already there
        state = SignedState(len(states), expected, target, fingerprint(data))
        if imported is not None:
            state = _with_original(state, imported, data, source, history, bool(states))
        pending = _pending(history, state.number)
        write_atomic(pending, data)
        os.chmod(pending, 0o444)
        write_register(history / MANIFEST, [*states, state])  # the signature is decided here
        os.replace(pending, target)
        return state


IMPORTED_FROM = re.compile(r"^# \(SHA-256 ([0-9a-f]{64})\)\.$", re.MULTILINE)  # written by ctg import


def _with_original(
    state: SignedState, imported: Path, data: bytes, source: Path, history: Path, signed_before: bool
) -> SignedState:
    """State 0 of an imported convention, with the copy of the signed file it was read from."""
    if signed_before:
        raise DocgenError(
            "la convention est déjà enregistrée comme signée\u00a0: --imported ne vaut que pour la première signature",
            source,
        )
    if Path(imported).suffix.lower() not in (".docx", ".pdf"):
        raise DocgenError("format non pris en charge (un fichier .docx ou .pdf est attendu)", imported)
    original = read_input(imported, DRAFT_LIMIT, "une convention signée")
    digest = fingerprint(original)
    recorded = IMPORTED_FROM.search(data.decode("utf-8", errors="replace"))
    if recorded and recorded.group(1) != digest:
        raise DocgenError(
            "ce fichier n'est pas celui dont les données ont été importées (SHA-256 différent de celui noté en tête "
            "de convention.yaml)",
            imported,
        )
    copy = history / original_name(state.number, Path(imported).suffix)
    history.mkdir(parents=True, exist_ok=True)
    write_atomic(copy, original)
    os.chmod(copy, 0o444)
    return dataclasses.replace(state, original=copy, original_sha256=digest)


def write_register(path: Path, states: list[SignedState]) -> None:
    """Write the register of `states`, each entry chained to the previous one."""
    entries: list[dict] = []
    for s in states:
        entry = {"number": s.number, "kind": s.kind, "signed": s.signed, "file": s.file.name, "sha256": s.sha256}
        if s.original is not None:
            entry |= {"original": s.original.name, "original_sha256": s.original_sha256}
        entry["previous"] = _entry_hash(entries[-1]) if entries else ""
        entries.append(entry)
    text = HEADER + dump_yaml(entries)
    write_atomic(path, text.encode("utf-8"))
