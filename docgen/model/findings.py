"""Findings of the checker: data, not exceptions; a draft with problems is a normal result."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = (ERROR, WARNING, INFO)
SEVERITY_LABELS = {ERROR: "Erreurs", WARNING: "Avertissements", INFO: "Informations"}

# Stable codes and what each means (documented in the README).
CODES = {
    "missing-article": "un article obligatoire du modèle est absent",
    "missing-element": "un article ne contient pas un élément obligatoire",
    "altered-article": "le texte d'un article s'écarte du texte de référence",
    "missing-annex": "une annexe obligatoire ou citée est absente",
    "wrong-annex-reference": "un article renvoie à une annexe qui ne porte pas ce contenu, ou qui n'existe pas",
    "empty-annex": "une annexe est vide ou « à compléter »",
    "attached-act": "une annexe annonce des pièces jointes à part (délibérations, décisions) : à vérifier",
    "incomplete-action": "une action ou une fiche action n'a pas toutes ses rubriques",
    "action-numbering": "numéros d'actions manquants ou en double",
    "article-numbering": "numérotation des articles irrégulière",
    "toc-mismatch": "le sommaire ne correspond pas au corps du document",
    "toc-pages": "les numéros de page du sommaire ne correspondent pas à la mise en page (PDF)",
    "placeholder": "un texte à compléter est resté dans le document",
    "date-inconsistency": "dates incohérentes",
    "outdated-reference": "un texte national cité n'était plus en vigueur à la signature",
    "party-inconsistency": "une partie ou un signataire diffère d'un endroit à l'autre",
    "avenant-number": "le numéro d'ordre de l'avenant manque",
    "avenant-reference": "l'avenant ne cite pas la convention modifiée et sa date de signature",
    "avenant-authorisation": "un signataire de l'avenant n'est pas autorisé par un acte propre à l'avenant",
    "wrong-article-reference": "un avenant cite un article qui n'existe pas sous ce numéro et ce titre",
    "actes": "identifiant de télétransmission ACTES relevé",
    "pending-change": "une modification suivie d'un document Word n'a été ni acceptée ni refusée",
    "comment": "un commentaire est resté dans le document Word",
    "partial-document": "le document n'est qu'une partie de convention : ce qui en a été reconnu",
}


def ordinal(n: int) -> str:
    """« 1er », « 2e », « 3e »."""
    return "1er" if n == 1 else f"{n}e"


@dataclass(frozen=True)
class Location:
    """Where a finding is: the article or annex label, the block index, the PDF page, an excerpt."""

    section: str | None = None  # « Article 7 », « Annexe 3 », « Sommaire »…
    paragraph: int | None = None  # index of the block in the file (for tools and Word comments)
    page: int | None = None
    excerpt: str = ""
    alinea: int | None = None  # rank of the paragraph within its section, 1 for the first

    def describe(self) -> str:
        """« Article 7, 3e alinéa, page 9 »: what a reviewer finds in Word or on paper."""
        parts = [self.section] if self.section else []
        if self.alinea is not None:
            parts.append(f"{ordinal(self.alinea)} alinéa")
        if self.page is not None:
            parts.append(f"page {self.page}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Finding:
    """One problem (or fact) found in a draft."""

    code: str
    severity: str
    message: str
    location: Location = field(default_factory=Location)

    def as_dict(self) -> dict:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "section": loc.section,
            "paragraph": loc.paragraph,
            "page": loc.page,
            "alinea": loc.alinea,
            "excerpt": loc.excerpt,
        }


@dataclass(frozen=True)
class Report:
    """All findings for one file."""

    path: str
    model_id: str | None
    findings: tuple[Finding, ...]
    sha256: str = ""  # of the file checked, so that a report names the very file it judged

    @property
    def model_kind(self) -> str:
        """« Modèle national » for the Cnaf's models, « Modèle de référence » for a Caf's own."""
        return "Modèle national" if (self.model_id or "").startswith("ctg-") else "Modèle de référence"

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def summary(self) -> dict[str, int]:
        return {severity: self.count(severity) for severity in SEVERITY_ORDER}

    def codes(self, severity: str | None = None) -> set[str]:
        return {f.code for f in self.findings if severity is None or f.severity == severity}
