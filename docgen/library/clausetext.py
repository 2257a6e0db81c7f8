"""Rendering clause texts: Jinja2, sandboxed, strict about undefined values."""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import StrictUndefined, meta
from jinja2.sandbox import SandboxedEnvironment

from docgen.model.errors import DocgenError
from docgen.model.frenchtext import cap, date_fr, enumerated, join_fr

# Names a clause template may use; anything else is refused when the library is loaded.
CONTEXT_NAMES = frozenset(
    {
        "cog",
        "cog_dates",
        "secretary",
        "steering",
        "next_cog",
        "territory",
        "caf",
        "collectivity",
        "parties",
        "period",
        "preamble",
        "local_fields",
        "shared_objectives",
        "data_agreements",
        "annex",
        "has_annex",
        "article",
    }
)


def _bullets(items: Any) -> str:
    return "\n".join(f"- {item}" for item in enumerated(items))


@cache
def environment() -> SandboxedEnvironment:
    """The shared sandboxed environment with the French filters."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters.update(date_fr=date_fr, cap=cap, join_fr=join_fr, bullets=_bullets)
    return env


def text_key(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def compiled(sources: list[str]) -> dict[str, bytes]:
    """Each (valid) text's Jinja2 bytecode, marshalled, by `text_key`: what a library keeps in its
    cached copy, so that a run does not compile them again (for the same Python: the cache's key)."""
    env = environment()
    out = {}
    for source in sources:
        try:
            out[text_key(source)] = marshal.dumps(env.compile(source))
        except jinja2.TemplateError:  # told by `template_problems`
            continue
    return out


_templates: dict[str, jinja2.Template] = {}


def _template(source: str, codes: Mapping[str, bytes]) -> jinja2.Template:
    """The template of a clause text: from its bytecode in `codes`, else compiled now."""
    key = text_key(source)
    if key not in _templates:
        env = environment()
        code = codes.get(key)
        _templates[key] = (
            env.template_class.from_code(env, marshal.loads(code), env.make_globals(None))
            if code is not None
            else env.from_string(source)
        )
    return _templates[key]


def template_problems(source: str) -> list[str]:
    """French descriptions of what is wrong with a clause template (syntax, unknown names)."""
    try:
        ast = environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [f"ligne {exc.lineno} du texte\u00a0: syntaxe Jinja invalide ({exc.message})"]
    unknown = sorted(meta.find_undeclared_variables(ast) - CONTEXT_NAMES)
    return [f"variable inconnue «\u00a0{name}\u00a0»" for name in unknown]


def render_clause(
    clause_id: str,
    source: str,
    context: Mapping[str, Any],
    path: Path | None = None,
    codes: Mapping[str, bytes] = {},
) -> str:
    """Render a clause text; a missing value is an error naming the clause, never a blank.
    `codes`: the library's compiled texts (`Library.compiled`)."""
    try:
        return _template(source, codes).render(**context)
    except jinja2.UndefinedError as exc:
        raise DocgenError(
            f"valeur manquante pour la clause «\u00a0{clause_id}\u00a0» ({_undefined(exc)})", path
        ) from None
    except jinja2.TemplateError as exc:
        raise DocgenError(f"texte de la clause «\u00a0{clause_id}\u00a0» invalide ({exc})", path) from None
    except DocgenError as exc:
        raise DocgenError(f"clause «\u00a0{clause_id}\u00a0»\u00a0: {exc.message}", path) from None


def _undefined(exc: jinja2.UndefinedError) -> str:
    message = str(exc.message or "")
    # "'x' is undefined" / "'obj' has no attribute 'y'"
    if "has no attribute" in message:
        obj, _, attr = message.partition(" has no attribute ")
        return f"{obj} n'a pas d'attribut {attr}"
    if message.endswith("is undefined"):
        return f"{message.removesuffix(' is undefined')} non défini"
    return message
