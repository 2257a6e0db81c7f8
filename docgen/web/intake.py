"""New territories from the browser: a signed convention that docgen did not write read back into
territory data (`ctg import`), or the skeleton of a national model to fill in (`ctg new`); either
way registered for the officer's own Caf (`ctg territories add`) and recorded in the audit log.

The upload is typed by its content and kept under a name of the server's own, in a scratch folder
that is gone once the territory is registered: only the territory's data reaches the data folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from docgen.data.yamlsource import format_keypath
from docgen.inputs import fingerprint
from docgen.model.errors import DocgenError
from docgen.web.auth import Database, Officer, csrf_protect
from docgen.web.models import User
from docgen.web.officer import show_territory
from docgen.web.pages import page
from docgen.web.territories import audit, register, shown, valid_slug
from docgen.web.uploads import UploadRefused, receive

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)
KINDS = {"commune": "une commune", "epci": "une intercommunalité (EPCI)"}


def _models() -> list[tuple[str, str]]:
    from docgen.library.catalog import load_library

    return [(m.id, m.title) for m in load_library().models.values()]


@router.get("/nouveau-territoire")
def new_page(request: Request, user: Officer) -> HTMLResponse:
    return _new_page(request, user)


def _new_page(request: Request, user: User, error: str = "", status: int = 200, **form: str) -> HTMLResponse:
    return page(request, "new.html", status, user=user, models=_models(), kinds=KINDS, error=error, form=form)


@router.post("/nouveau-territoire")
def new_form(
    request: Request,
    session: Database,
    user: Officer,
    slug: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "convention",
    model: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "commune",
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    settings = request.app.state.settings
    slug = slug.strip()
    told = {"slug": slug, "source": source, "model": model, "kind": kind}
    try:
        if not valid_slug(slug):
            raise DocgenError(
                f"identifiant invalide «\u00a0{slug[:63]}\u00a0» (minuscules, chiffres et tirets, 63 caractères "
                "au plus, ex. saint-jean-de-la-ruelle)"
            )
        with tempfile.TemporaryDirectory(prefix="ctg-nouveau-") as scratch:
            folder = Path(scratch) / slug
            if source == "convention":
                if file is None or not (file.filename or file.size):
                    raise DocgenError("choisissez le fichier de la convention signée (.docx ou .pdf)")
                upload = receive(file.filename, file.file, settings.upload_limit)
                draft = Path(scratch) / f"convention-signee.{upload.kind}"  # the server's name, not the sender's
                draft.write_bytes(upload.data)
                notes = _imported(draft, folder, model or None)
                action, sha256, shown_name = "import", fingerprint(upload.data), upload.name
            elif source == "modele":
                notes = _skeleton(folder, model, kind)
                action, sha256, shown_name = "territory-add", None, None
            else:
                raise DocgenError(f"origine inconnue «\u00a0{source[:40]}\u00a0»")
            territory = register(session, settings, folder, user.caf_id, slug, user)
        entry = audit(session, user, action, territory, sha256=sha256)
        if shown_name:
            entry.file_name = shown_name  # the signed document as its sender named it, for the record
            session.commit()
    except UploadRefused as refused:
        return _new_page(request, user, f"Territoire non créé\u00a0: {refused}.", refused.status, **told)
    except DocgenError as exc:
        return _new_page(request, user, f"Territoire non créé\u00a0: {shown(exc, settings)}.", 400, **told)
    return show_territory(request, session, user, territory, notice="\n".join(notes), status=201)


def _imported(draft: Path, folder: Path, model: str | None) -> list[str]:
    """`ctg import`: the convention read into `folder`; what the page says of it."""
    from docgen.importer.job import import_convention
    from docgen.library.catalog import load_library

    result = import_convention(draft, folder, load_library(), model)
    data = result.imported.data
    kept = len(data.get("article_texts", {})) + len(data.get("annex_texts", {}))
    s = "s" if result.actions > 1 else ""
    k = "s" if kept > 1 else ""
    notes = [
        f"Convention importée\u00a0: modèle {data['model']}, {len(data['parties'])} parties, {result.actions} "
        f"action{s} du plan\u00a0; {kept} article{k} ou annexe{k} repris tels que signés."
    ]
    if result.imported.to_check:
        notes.append("À vérifier dans les données (commentaires «\u00a0à vérifier\u00a0» du fichier)\u00a0:")
        notes += [f"{format_keypath(keypath)}\u00a0: {message}" for keypath, message in result.imported.to_check]
    notes.append("Enregistrez la signature de l'état importé, puis préparez ses avenants.")
    return notes


def _skeleton(folder: Path, model: str, kind: str) -> list[str]:
    """`ctg new --model`: the skeleton of a national model in `folder`; what the page says of it."""
    from docgen.data.skeleton import write_skeleton
    from docgen.library.catalog import load_library

    library = load_library()
    if not model:
        raise DocgenError("choisissez le modèle national que la convention suivra")
    if model not in library.models:
        raise DocgenError(f"modèle national inconnu «\u00a0{model[:40]}\u00a0»")
    if kind not in KINDS:
        raise DocgenError(f"nature de territoire inconnue «\u00a0{kind[:40]}\u00a0»")
    folder.mkdir()
    write_skeleton(library, model, folder, kind)
    told = f"Squelette du modèle {model} écrit pour {KINDS[kind]}"
    return [f"{told}\u00a0: complétez ses données («\u00a0Modifier les données\u00a0»)."]
