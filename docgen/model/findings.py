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
    "incomplete-action": "une action ou une fiche action n'a pas toutes ses rubriques",
    "action-numbering": "numéros d'actions manquants ou en double",
    "article-numbering": "numérotation des articles irrégulière",
    "toc-mismatch": "le sommaire ne correspond pas au corps du document",
    "placeholder": "un texte à compléter est resté dans le document",
    "date-inconsistency": "dates incohérentes",
    "outdated-reference": "un texte national cité n'était plus en vigueur à la signature",
    "party-inconsistency": "une partie ou un signataire diffère d'un endroit à l'autre",
    "avenant-number": "le numéro d'ordre de l'avenant manque",
    "avenant-reference": "l'avenant ne cite pas la convention modifiée et sa date de signature",
    "avenant-authorisation": "un signataire de l'avenant n'est pas autorisé par un acte propre à l'avenant",
    "wrong-article-reference": "un avenant cite un article qui n'existe pas sous ce numéro et ce titre",
    "actes": "identifiant de télétransmission ACTES relevé",
}


@dataclass(frozen=True)
class Location:
    """Where a finding is: the article or annex label, the block index, the PDF page, an excerpt."""

    section: str | None = None  # « Article 7 », « Annexe 3 », « Sommaire »…
    paragraph: int | None = None
    page: int | None = None
    excerpt: str = ""

    def describe(self) -> str:
        """« Article 7, paragraphe 112, page 9 »."""
        parts = [self.section] if self.section else []
        if self.paragraph is not None:
            parts.append(f"paragraphe {self.paragraph}")
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
            "excerpt": loc.excerpt,
        }


@dataclass(frozen=True)
class Report:
    """All findings for one file."""

    path: str
    model_id: str | None
    findings: tuple[Finding, ...]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def summary(self) -> dict[str, int]:
        return {severity: self.count(severity) for severity in SEVERITY_ORDER}

    def codes(self, severity: str | None = None) -> set[str]:
        return {f.code for f in self.findings if severity is None or f.severity == severity}
