"""An article kept as signed, made to follow the data where it states them: the period in the
duration article, and the numbers of the annexes and articles it cites, become references, so
that an avenant that prolongs the convention or renumbers its annexes rewrites them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from docgen.model.frenchtext import date_fr

_BRACES = re.compile(r"\{(?=[{%#])")
_ANNEX = re.compile(r"\b([Aa])nnexe\s+(?:n°\s*)?(\d{1,2})\b")
_ARTICLE = re.compile(r"\barticle\s+(?:n°\s*)?(\d{1,2})\b")


def live(text: str, clause: str, period: dict[str, Any], annexes: dict[int, str], articles: dict[int, str]) -> str:
    """`text` (markup) with the references the data can give written as templates."""
    text = _BRACES.sub("{{ '{' }}", text)  # the text's own braces, never read as a template

    def annex(match: re.Match[str]) -> str:
        key = annexes.get(int(match.group(2)))
        if key is None:
            return match.group(0)
        return f"{{{{ annex('{key}', True) }}}}" if match.group(1) == "A" else f"{{{{ annex('{key}') }}}}"

    def article(match: re.Match[str]) -> str:
        key = articles.get(int(match.group(1)))
        return f"{{{{ article('{key}') }}}}" if key else match.group(0)

    text = _ARTICLE.sub(article, _ANNEX.sub(annex, text))
    if clause.startswith("duree"):
        for key in ("start", "end"):
            day = period.get(key)
            if isinstance(day, dt.date):
                text = text.replace(date_fr(day), f"{{{{ period.{key}|date_fr }}}}")
    return text
