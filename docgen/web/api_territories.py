"""The JSON API on territories, as the CLI: `ctg build`, `ctg sign` and `ctg avenant` on a
territory of the user's Caf (HTTP Basic), builds and avenants as background jobs to follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse

from docgen.model.errors import DocgenError
from docgen.web import actions
from docgen.web.auth import ApiOfficer, Database
from docgen.web.jobs import Job
from docgen.web.models import Territory, User
from docgen.web.officer import JOB_NOT_FOUND, MEDIA, NOT_FOUND
from docgen.web.territories import produced_file, signed_states, territories_of, territory_of

router = APIRouter(prefix="/api", tags=["territoires"])
JOB_EXAMPLE = {
    "id": "3f9c2a4b5d6e7f80",
    "kind": "build",
    "territory": "metz",
    "pdf": True,
    "status": "done",
    "step": "terminé",
    "created": "2026-12-02T14:05:00+00:00",
    "started": "2026-12-02T14:05:00+00:00",
    "finished": "2026-12-02T14:05:04+00:00",
    "files": [{"name": "convention.docx", "url": "/api/territories/metz/files/convention.docx"}],
    "messages": ["Convention écrite\u00a0: convention.docx"],
    "error": None,
}
COMMON: dict[int | str, dict[str, Any]] = {
    401: {"description": "Identifiants absents ou incorrects."},
    403: {"description": "Compte de relecteur\u00a0: réservé aux chargés de convention et aux administrateurs."},
    404: {"description": "Territoire introuvable dans la Caf du compte."},
}
STARTED: dict[int | str, dict[str, Any]] = {
    202: {
        "description": "Travail lancé\u00a0: le suivre avec `GET /api/jobs/{id}`.",
        "content": {"application/json": {"example": JOB_EXAMPLE}},
    }
}
REFUSED: dict[int | str, dict[str, Any]] = {
    409: {"description": "Refusé, en français comme la CLI (par exemple\u00a0: un travail déjà en cours)."}
}


def _territory(session: Database, user: User, slug: str) -> Territory:
    found = territory_of(session, user, slug)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found


@router.get("/territories", summary="Lister les territoires de la Caf", responses=COMMON)
def territories(request: Request, session: Database, user: ApiOfficer) -> list[dict]:
    settings = request.app.state.settings
    out = []
    for t in territories_of(session, user):
        states, _ = signed_states(settings, t)
        created = t.created if t.created.tzinfo else t.created.replace(tzinfo=dt.UTC)  # SQLite gives it back naive
        out.append({"slug": t.slug, "created": created.isoformat(), "signed_states": len(states)})
    return out


@router.post(
    "/territories/build",
    summary="Produire toutes les conventions de la Caf (ctg build DOSSIER)",
    description="Lance `ctg build` sur tous les territoires de la Caf du compte, comme sur un dossier de "
    "territoires\u00a0: un groupe de processus, un seul démarrage de LibreOffice pour les PDF. Le travail "
    "donne son avancement (`progress`), puis le tableau récapitulatif de la CLI dans `messages`.",
    status_code=202,
    responses={**COMMON, **STARTED, **REFUSED},
)
def build_every(
    request: Request,
    session: Database,
    user: ApiOfficer,
    pdf: Annotated[bool, Query(description="produire aussi les PDF avec LibreOffice")] = False,
) -> JSONResponse:
    state, territories = request.app.state, territories_of(session, user)
    return _started(lambda: actions.start_batch(state.jobs, state.sessions, state.settings, user, territories, pdf))


@router.post(
    "/territories/{slug}/build",
    summary="Produire la convention (ctg build)",
    description="Lance `ctg build` sur le territoire (avec `pdf=true`\u00a0: `--pdf`), en arrière-plan\u00a0; "
    "la réponse est le travail, à suivre avec `GET /api/jobs/{id}`, qui donne à la fin les fichiers écrits "
    "et les lignes qu'affiche la CLI. Chaque fichier produit est inscrit au journal d'audit avec son SHA-256.",
    status_code=202,
    responses={**COMMON, **STARTED, **REFUSED},
)
def build(
    request: Request,
    session: Database,
    user: ApiOfficer,
    slug: str,
    pdf: Annotated[bool, Query(description="produire aussi le PDF avec LibreOffice")] = False,
) -> JSONResponse:
    found = _territory(session, user, slug)
    state = request.app.state
    return _started(lambda: actions.start_build(state.jobs, state.sessions, state.settings, user, found, pdf))


@router.post(
    "/territories/{slug}/sign",
    summary="Enregistrer la signature (ctg sign)",
    description="Enregistre l'état signé en cours (la convention, puis chaque avenant), comme `ctg sign`\u00a0; "
    "`date` est contrôlée avec la date de signature des données. Un état signé n'est jamais remplacé.",
    responses={
        **COMMON,
        200: {
            "description": "L'état enregistré.",
            "content": {
                "application/json": {
                    "example": {
                        "number": 0,
                        "kind": "convention",
                        "signed": "2024-03-15",
                        "file": "history/00-convention.yaml",
                        "sha256": "…",
                        "message": "Signature enregistrée\u00a0: la convention signée le 15\u00a0mars 2024",
                    }
                }
            },
        },
        409: {"description": "Signature refusée (rien de nouveau à signer, dates incohérentes…), en français."},
    },
)
def sign(
    request: Request,
    session: Database,
    user: ApiOfficer,
    slug: str,
    date: Annotated[dt.date | None, Query(description="date de signature, AAAA-MM-JJ (contrôlée)")] = None,
) -> dict:
    found = _territory(session, user, slug)
    try:
        state = actions.sign(session, request.app.state.settings, user, found, date)
    except DocgenError as exc:
        raise HTTPException(409, str(exc)) from None
    return {
        "number": state.number,
        "kind": state.kind,
        "signed": state.signed.isoformat(),
        "file": f"history/{state.file.name}",
        "sha256": state.sha256,
        "message": f"Signature enregistrée\u00a0: {state.describe()}",
    }


@router.post(
    "/territories/{slug}/avenant",
    summary="Préparer l'avenant (ctg avenant)",
    description="Lance `ctg avenant` en arrière-plan\u00a0: l'avenant, la convention consolidée et le document "
    "comparatif (redline), en .docx et, avec `pdf=true`, en PDF. À suivre avec `GET /api/jobs/{id}`.",
    status_code=202,
    responses={**COMMON, **STARTED, **REFUSED},
)
def avenant(
    request: Request,
    session: Database,
    user: ApiOfficer,
    slug: str,
    reason: Annotated[str | None, Query(description="motif (sinon celui de la section amendment)")] = None,
    pdf: Annotated[bool, Query(description="produire aussi les PDF")] = False,
) -> JSONResponse:
    found = _territory(session, user, slug)
    state = request.app.state
    return _started(lambda: actions.start_avenant(state.jobs, state.sessions, state.settings, user, found, reason, pdf))


@router.get(
    "/jobs/{job_id}",
    summary="Suivre un travail",
    description="L'état d'un travail (`queued`, `running`, `done`, `failed`), puis ses fichiers et ses messages, "
    "ou l'erreur en français.",
    responses={
        **COMMON,
        200: {"description": "Le travail.", "content": {"application/json": {"example": JOB_EXAMPLE}}},
        404: {"description": "Travail introuvable dans la Caf du compte."},
    },
)
def job(request: Request, user: ApiOfficer, job_id: str) -> dict:
    found = request.app.state.jobs.get(job_id, user.caf_id)
    if found is None:
        raise HTTPException(404, JOB_NOT_FOUND)
    return found.public()


@router.get(
    "/territories/{slug}/files/{name}",
    summary="Télécharger un document produit",
    description="`convention.docx`, `avenant-01.pdf`, `redline-01.docx`…",
    responses={**COMMON, 200: {"description": "Le document (.docx ou .pdf)."}},
    response_class=FileResponse,
)
def file(request: Request, session: Database, user: ApiOfficer, slug: str, name: str) -> FileResponse:
    found = _territory(session, user, slug)
    path = produced_file(request.app.state.settings, found, name)
    if path is None:
        raise HTTPException(404, "Document introuvable.")
    return FileResponse(path, media_type=MEDIA[path.suffix[1:]], filename=f"{found.slug}-{name}")


def _started(start: Callable[[], Job]) -> JSONResponse:
    """The job `start` launches, as 202; a job the jobs refuse (one already running…) as 409, in French."""
    try:
        job = start()
    except DocgenError as exc:
        raise HTTPException(409, str(exc)) from None
    return JSONResponse(job.public(), status_code=202)
