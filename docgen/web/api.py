"""The JSON API for scripts, with HTTP Basic authentication: `POST /api/check` as `ctg check --format json`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.responses import Response

from docgen.web.auth import ApiUser, Database
from docgen.web.checks import run_check
from docgen.web.uploads import UploadRefused, receive

router = APIRouter(prefix="/api", tags=["vérification"])

REPORT_EXAMPLE = {
    "findings": [
        {
            "file": "projet.docx",
            "code": "missing-article",
            "severity": "error",
            "message": "article obligatoire absent\u00a0: «\u00a0Pilotage\u00a0»",
            "section": None,
            "paragraph": None,
            "page": None,
            "alinea": None,
            "excerpt": "",
        }
    ],
    "summary": {"error": 1, "warning": 0, "info": 0},
    "files": [{"file": "projet.docx", "model": "ctg-2020", "readable": True, "summary": {"error": 1}}],
}


@router.post(
    "/check",
    summary="Vérifier un projet de convention",
    description=(
        "Vérifie un projet de convention (.docx ou .pdf, reconnu par son contenu) envoyé dans le champ "
        "`file` d'un formulaire multipart, et rend le même JSON que `ctg check --format json`\u00a0: "
        "les constats avec leur fichier, le bilan par fichier et les totaux. Un document illisible "
        "figure dans `files` avec `readable: false` et la raison. La vérification est enregistrée "
        "avec le compte, l'heure, le nom et le SHA-256 du fichier."
    ),
    responses={
        200: {
            "description": "Le rapport JSON de `ctg check`.",
            "content": {"application/json": {"example": REPORT_EXAMPLE}},
        },
        401: {"description": "Identifiants absents ou incorrects."},
        413: {"description": "Fichier trop volumineux."},
        415: {"description": "Ni un document Word (.docx) ni un PDF."},
    },
    response_class=Response,
)
def check(
    request: Request,
    session: Database,
    user: ApiUser,
    file: Annotated[UploadFile, File(description="le projet de convention (.docx ou .pdf)")],
) -> Response:
    try:
        upload = receive(file.filename, file.file, request.app.state.settings.upload_limit)
    except UploadRefused as exc:
        raise HTTPException(exc.status, f"{exc.message}.") from None
    done = run_check(session, user, upload)
    return Response(done.report_json, media_type="application/json")
