"""The cover page of a convention: which Word template, what its placeholders may name, which logos.

The template is a .docx a Caf designs in Word, with docxtpl placeholders: `{{ title }}`,
`{{ territory.name }}`, `{{ period.text }}`, `{{ main_party }}`, `{{ parties_line }}`,
`{% for p in parties %}{{ p.name }}{% endfor %}`, `{{ logos.caf }}`… (`VALUES` lists them).
The writer fills it (`docgen.word.cover`); this module only gathers what it is filled with.
"""

from __future__ import annotations

from pathlib import Path

from docgen.data.images import picture
from docgen.data.loading import data_folder
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import cap, date_fr, join_fr, typography
from docgen.model.territory import Convention, Party
from docgen.model.tree import Cover, Picture
from docgen.resources import resource

TEMPLATES = "templates/docx"
DEFAULT = "couverture"
TEMPLATE_FILE = "couverture.docx"  # in a template folder, beside its logos
LOGO_PREFIX = "logo-"  # « logo-caf.png » beside a template: the logo `{{ logos.caf }}` places
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")

# What a cover template's placeholders may name (shown in the error for an unknown one).
VALUES = ("title", "territory", "period", "main_party", "parties", "parties_line", "signature", "logos")


def cover(c: Convention, title: str, main: Party, source: Path | None) -> Cover:
    """The cover of convention `c` (titled `title`, for the territory of party `main`)."""
    folder = data_folder(source)
    template = _template(c.cover.template, folder, source)
    logos: dict[str, Picture] = {}
    if c.cover.template is not None:  # a Caf's template folder may hold its logos
        for path in sorted(template.parent.glob(LOGO_PREFIX + "*")):
            if path.suffix.lower() in LOGO_SUFFIXES:
                name = path.stem[len(LOGO_PREFIX) :]
                logos[name] = picture(path.name, template.parent, f"cover.template (logo «\u00a0{name}\u00a0»)", source)
    for name, relative in c.cover.logos.items():
        logos[name] = picture(relative, folder, f"cover.logos.{name}", source)
    return Cover(str(template), values(c, title, main), logos)


def values(c: Convention, title: str, main: Party) -> dict[str, object]:
    """What a cover template's placeholders may name, typeset in French."""
    period = f"Du {date_fr(c.period.start)} au {date_fr(c.period.end)}"
    return {
        "title": typography(title),
        "territory": {
            "name": typography(c.territory.name),
            "kind": c.territory.kind,
            "department": typography(c.territory.department),
            "communes": [typography(name) for name in c.territory.communes],
        },
        "period": {
            "start": date_fr(c.period.start),
            "end": date_fr(c.period.end),
            "text": period,
            "years": f"{c.period.start.year}-{c.period.end.year}",
        },
        "main_party": typography(cap(main.name)),
        "parties": [
            {"name": typography(cap(p.name)), "short_name": typography(p.short_name), "kind": p.kind} for p in c.parties
        ],
        "parties_line": typography(f"Entre {join_fr(p.name for p in c.parties)}"),
        "signature": {"place": typography(c.signature.place), "date": date_fr(c.signature.date)},
    }


def _template(named: str | None, folder: Path, source: Path | None) -> Path:
    """The template file: a bundled or Caf library name, or a .docx beside the territory's folder."""
    if named is None:
        return resource(f"{TEMPLATES}/{DEFAULT}.docx")
    if "/" not in named and not named.lower().endswith(".docx"):
        for candidate in (resource(f"{TEMPLATES}/{named}.docx"), resource(f"{TEMPLATES}/{named}/{TEMPLATE_FILE}")):
            if candidate.is_file():
                return candidate
        known = sorted(
            p.stem if p.suffix == ".docx" else p.name
            for p in resource(TEMPLATES).iterdir()
            if (p.suffix == ".docx" and p.stem.startswith(DEFAULT)) or (p / TEMPLATE_FILE).is_file()
        )
        raise DocgenError(
            f"modèle de couverture «\u00a0{named}\u00a0» inconnu\u00a0; modèles fournis\u00a0: "
            + ", ".join(f"«\u00a0{k}\u00a0»" for k in known),
            source,
            key="cover.template",
        )
    root = folder.resolve()
    located = (root / named).resolve()
    # the territory's folder, or the folder of all the Caf's territories, where a shared template lives
    if Path(named).is_absolute() or not located.is_relative_to(root.parent):
        raise DocgenError(
            f"modèle de couverture «\u00a0{named}\u00a0» hors du dossier du territoire et du dossier qui le contient",
            source,
            key="cover.template",
        )
    if not located.is_file():
        raise DocgenError(f"modèle de couverture «\u00a0{named}\u00a0» introuvable", source, key="cover.template")
    return located
