"""The `ctg` command: a thin French CLI over the library; errors become exit code 2."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.invocation import ctg
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import join_fr, spaced
from docgen.resources import SETTING, version

if TYPE_CHECKING:
    from docgen.library.reference import ReferenceModel
    from docgen.web.settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
# Each command imports what it needs when it runs: `ctg check` does not pay for the Word
# writer, the territory models or the history (start-up time is most of a check's time).


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """French help: « Utilisation : », and non-breaking spaces where French typography has them
    (before « : ; ? ! », inside « »), which also keep a line from starting with « ; »."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Utilisation\u00a0: " if prefix is None else prefix)

    def _expand_help(self, action):
        return spaced(super()._expand_help(action))

    def _format_text(self, text):
        return super()._format_text(spaced(text))


class _Parser(argparse.ArgumentParser):
    """argparse with French section titles and errors (exit code 2)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments\u00a0"  # argparse adds the « : »
        self._optionals.title = "options\u00a0"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str) -> None:  # type: ignore[override]
        message = (
            message.replace("the following arguments are required", "arguments obligatoires manquants")
            .replace("unrecognized arguments", "arguments non reconnus")
            .replace("invalid choice", "choix invalide")
            .replace("expected one argument", "une valeur est attendue")
            .replace("choose from", "valeurs possibles")
            .replace(": ", "\u00a0: ")
        )
        message = re.sub(
            r"\(valeurs possibles ([^)]*)\)",
            lambda m: (
                "(valeurs possibles\u00a0: "
                + join_fr((f"«\u00a0{v}\u00a0»" for v in re.findall(r"'([^']*)'", m.group(1))), "ou")
                + ")"
            ),
            message,
        )
        wrong = re.search(r"choix invalide\u00a0: '([^']*)'", message)
        commands = [c for c in _COMMANDS if wrong and c != wrong.group(1)]
        import difflib  # only for a mistyped command

        close = difflib.get_close_matches(wrong.group(1), commands, n=1, cutoff=0.5) if wrong else []
        if close:
            message += f"\u00a0; vouliez-vous dire «\u00a0{close[0]}\u00a0»\u00a0?"
        self.print_usage(sys.stderr)
        print(f"ctg\u00a0: erreur\u00a0: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INPUT)


class _Version(argparse.Action):
    """`ctg --version`, the version looked up only when asked."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"ctg {version()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ctg",
        description="Conventions territoriales globales (CTG)\u00a0: génération et vérification.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="afficher la version et quitter")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser)
    commands.required = True

    models = commands.add_parser(
        "models",
        usage="%(prog)s [-h] [add MODELE --id ID [--label TEXTE]]",
        help="lister les modèles nationaux et les modèles de référence, enregistrer un modèle",
        description="Liste les modèles nationaux et les modèles de référence enregistrés (sans sous-commande),\n"
        "ou enregistre le modèle de convention d'une Caf comme modèle de référence («\u00a0add\u00a0»).",
    )
    models_commands = models.add_subparsers(dest="models_command", metavar="SOUS-COMMANDE", parser_class=_Parser)
    add = models_commands.add_parser(
        "add",
        help="enregistrer un modèle de convention (.docx ou .pdf) comme modèle de référence",
        description="Lit un modèle de convention (le texte officiel que la Caf a reçu) et l'enregistre\n"
        "comme modèle de référence\u00a0: «\u00a0ctg check --model ID\u00a0» compare ensuite chaque article\n"
        f"à son texte, mot pour mot. Le modèle est écrit dans le dossier models/ de {SETTING} si ce\n"
        "réglage est donné, sinon dans ~/.local/share/ctg/models (ou $XDG_DATA_HOME/ctg/models).",
    )
    add.add_argument("file", metavar="MODELE", type=Path, help="modèle de convention (.docx ou .pdf)")
    add.add_argument(
        "--id", required=True, dest="model_id", metavar="ID", help="identifiant à lui donner, ex. caf-57-2020"
    )
    add.add_argument("--label", metavar="TEXTE", help="libellé affiché par «\u00a0ctg models\u00a0»")

    new = commands.add_parser(
        "new",
        help="créer le fichier de données d'un nouveau territoire",
        description="Écrit un squelette commenté conventions/<territoire>/convention.yaml.",
    )
    new.add_argument("folder", metavar="DOSSIER", type=Path, help="dossier du territoire, ex. conventions/ma-commune")
    new.add_argument(
        "--model",
        metavar="MODELE",
        help="identifiant du modèle (voir «\u00a0ctg models\u00a0»)",
    )
    new.add_argument("--epci", action="store_true", help="le territoire est une intercommunalité")
    new.add_argument(
        "--from",
        dest="renewed",
        type=Path,
        metavar="DOSSIER",
        help="renouveler la convention signée de ce territoire (parties, plan et annexes repris)",
    )
    new.add_argument(
        "--period",
        type=_period,
        metavar="AAAA-MM-JJ:AAAA-MM-JJ",
        help="période de la nouvelle convention (avec --from)",
    )

    b = commands.add_parser(
        "build",
        help="produire la convention Word (et PDF)",
        description="Produit output/<territoire>/convention.docx (et .pdf avec --pdf), pour un territoire "
        "ou pour tous ceux d'un dossier.",
    )
    b.add_argument(
        "territories",
        metavar="DOSSIER",
        type=Path,
        nargs="+",
        help="dossier du territoire, ex. conventions/metz ; ou un dossier de territoires (conventions/), ou plusieurs",
    )
    b.add_argument("--pdf", action="store_true", help="produire aussi le PDF avec LibreOffice")
    b.add_argument(
        "--force",
        action="store_true",
        help="remplacer une convention modifiée depuis sa production (la version modifiée est gardée à côté)",
    )
    b.add_argument(
        "--output",
        type=Path,
        default=Path("output"),
        metavar="DOSSIER",
        help="dossier de sortie (par défaut\u00a0: output)",
    )
    sg = commands.add_parser(
        "sign",
        help="enregistrer la signature de la convention ou de l'avenant en cours",
        description="Enregistre l'état signé (convention, puis chaque avenant) dans <territoire>/history/.",
    )
    sg.add_argument("territory", metavar="DOSSIER", type=Path, help="dossier du territoire")
    sg.add_argument("--date", type=_date, metavar="AAAA-MM-JJ", help="date de signature (contrôlée avec les données)")
    sg.add_argument(
        "--imported",
        type=Path,
        metavar="FICHIER",
        help="convention signée dont les données ont été importées (ctg import)\u00a0: gardée avec l'état signé",
    )

    av = commands.add_parser(
        "avenant",
        help="produire l'avenant, la convention consolidée et le document comparatif",
        description="Compare les données au dernier état signé et écrit output/<territoire>/avenant-NN.docx,\n"
        "convention-consolidee-NN.docx et redline-NN.docx (modifications suivies).",
    )
    av.add_argument("territory", metavar="DOSSIER", type=Path, help="dossier du territoire")
    av.add_argument("--reason", metavar="TEXTE", help="motif de l'avenant (sinon celui de la section amendment)")
    av.add_argument("--pdf", action="store_true", help="produire aussi le PDF de l'avenant")
    av.add_argument("--output", type=Path, default=Path("output"), metavar="DOSSIER", help="dossier de sortie")

    c = commands.add_parser(
        "check",
        help="vérifier des projets de convention (.docx ou .pdf)",
        description="Vérifie des projets de convention au regard du modèle national et rend un rapport.\n"
        "Code de sortie\u00a0: 0 sans erreur, 1 si des erreurs sont relevées, 2 si un fichier est illisible.",
    )
    c.add_argument("files", metavar="FICHIER", type=Path, nargs="+", help="fichiers .docx ou .pdf, ou dossiers")
    c.add_argument("--model", metavar="MODELE", help="modèle national à appliquer (sinon détecté)")
    c.add_argument(
        "--reference",
        type=Path,
        metavar="FICHIER",
        help="convention de référence dont les articles servent de texte type",
    )
    c.add_argument(
        "--format", choices=["html", "json", "text"], default="text", help="format du rapport (par défaut\u00a0: text)"
    )
    c.add_argument("--output", type=Path, metavar="FICHIER", help="écrire le rapport dans ce fichier")
    c.add_argument(
        "--pages",
        action="store_true",
        help="donner la page des constats d'un projet Word (mise en page par LibreOffice, quelques secondes ; "
        "toujours fait pour le rapport HTML)",
    )
    c.add_argument(
        "--annotate",
        type=Path,
        metavar="SORTIE.docx",
        help="écrire une copie du document Word avec chaque constat en commentaire",
    )

    im = commands.add_parser(
        "import",
        help="lire une convention signée (.docx ou .pdf) dans les données d'un nouveau territoire",
        description="Écrit <territoire>/convention.yaml à partir d'une convention que docgen n'a pas produite :\n"
        "parties, dates, plan d'actions, annexes ; le texte des articles qui s'écarte de la bibliothèque\n"
        "est repris tel que signé. Chaque valeur porte en commentaire l'endroit où elle a été lue.",
    )
    im.add_argument(
        "file", metavar="FICHIER", type=Path, help="convention signée (.docx ou .pdf) ; avec --update, le dossier"
    )
    im.add_argument(
        "territory", metavar="DOSSIER", type=Path, help="dossier du nouveau territoire ; avec --update, le document"
    )
    im.add_argument("--model", metavar="MODELE", help="modèle national suivi (sinon détecté)")
    im.add_argument(
        "--update",
        action="store_true",
        help="ctg import --update DOSSIER DOCUMENT.docx : reporter dans les données les modifications faites dans Word",
    )
    im.add_argument("--yes", action="store_true", help="avec --update : écrire les modifications dans convention.yaml")

    vf = commands.add_parser(
        "verify",
        help="vérifier qu'un document correspond à un état signé",
        description="Dit si un document (.docx ou .pdf) produit par docgen correspond, mot pour mot, à un état\n"
        "signé du territoire. Code de sortie\u00a0: 0 s'il correspond, 1 sinon, 2 s'il est illisible.",
    )
    vf.add_argument("territory", metavar="DOSSIER", type=Path, help="dossier du territoire")
    vf.add_argument("document", metavar="FICHIER", type=Path, help="document à vérifier (.docx ou .pdf)")

    sc = commands.add_parser(
        "schema",
        help="écrire le schéma JSON des fichiers de territoire",
        description="Écrit schema/convention.schema.json (complétion dans les éditeurs).",
    )
    sc.add_argument(
        "--output", type=Path, default=None, metavar="FICHIER", help="fichier à écrire (schema/convention.schema.json)"
    )

    sv = commands.add_parser(
        "serve",
        help="lancer l'application web (relecture des projets, territoires, API JSON)",
        description="Lance l'application web\u00a0: relecture des projets de convention, territoires des chargés\n"
        "de convention (données, production, signature, avenants) et API JSON\n"
        "(documentée sur /docs). La base de données est un fichier SQLite du dossier de données, créé\n"
        "au premier lancement, ou une base PostgreSQL (--database postgresql://…).",
    )
    sv.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (par défaut\u00a0: 127.0.0.1)")
    sv.add_argument("--port", type=_port, default=8000, help="port d'écoute (par défaut\u00a0: 8000)")
    _web_options(sv)
    sv.add_argument(
        "--conversions",
        type=_conversions,
        default=1,
        metavar="N",
        help="conversions LibreOffice en même temps, au plus (par défaut\u00a0: 1)",
    )
    sv.add_argument(
        "--https",
        action="store_true",
        help="cookies de session réservés à HTTPS (derrière un serveur mandataire TLS)",
    )

    us = commands.add_parser(
        "users",
        usage="%(prog)s [-h] {add,disable,enable,password} NOM [--caf ID --role ROLE] [--database URL] "
        "[--data DOSSIER]",
        help="gérer les comptes de l'application web",
        description="Gère les comptes de l'application web («\u00a0add\u00a0»\u00a0: ajouter un compte,\n"
        "«\u00a0disable\u00a0»\u00a0: le désactiver, «\u00a0enable\u00a0»\u00a0: le réactiver,\n"
        "«\u00a0password\u00a0»\u00a0: remplacer son mot de passe).",
    )
    users_commands = us.add_subparsers(dest="users_command", metavar="SOUS-COMMANDE", parser_class=_Parser)
    users_commands.required = True
    ua = users_commands.add_parser(
        "add",
        prog="ctg users add",
        help="ajouter un compte (mot de passe lu sur l'entrée standard)",
        description="Ajoute un compte rattaché à une Caf. Le mot de passe est lu sur l'entrée standard\n"
        "(première ligne), ou demandé au terminal.",
    )
    ua.add_argument("name", metavar="NOM", help="nom d'utilisateur")
    ua.add_argument("--caf", required=True, metavar="ID", help="identifiant de la Caf, ex. caf-45")
    ua.add_argument(
        "--role", required=True, choices=["reviewer", "officer", "admin"], help="rôle\u00a0: relecteur, chargé, admin"
    )
    _web_options(ua)
    for command, summary, told in (
        (
            "disable",
            "désactiver un compte",
            "Désactive un compte\u00a0: il ne peut plus se connecter et ses sessions prennent fin.",
        ),
        ("enable", "réactiver un compte", "Réactive un compte désactivé."),
        (
            "password",
            "remplacer le mot de passe d'un compte (lu sur l'entrée standard)",
            "Remplace le mot de passe d'un compte (oublié, ou celui du premier administrateur)\u00a0:\n"
            "le nouveau est lu sur l'entrée standard (première ligne), ou demandé au terminal\u00a0; les sessions\n"
            "ouvertes du compte sont fermées.",
        ),
    ):
        named_account = users_commands.add_parser(command, prog=f"ctg users {command}", help=summary, description=told)
        named_account.add_argument("name", metavar="NOM", help="nom d'utilisateur")
        _web_options(named_account)

    te = commands.add_parser(
        "territories",
        usage="%(prog)s [-h] add DOSSIER --caf ID [--slug ID] [--database URL] [--data DOSSIER]",
        help="enregistrer les territoires de l'application web",
        description="Gère les territoires de l'application web («\u00a0add\u00a0»\u00a0: enregistrer un territoire).",
    )
    territories_commands = te.add_subparsers(dest="territories_command", metavar="SOUS-COMMANDE", parser_class=_Parser)
    territories_commands.required = True
    ta = territories_commands.add_parser(
        "add",
        prog="ctg territories add",
        help="enregistrer un dossier de territoire pour une Caf (copié dans le dossier de données)",
        description="Copie un dossier de territoire (convention.yaml, history/, images) dans\n"
        "<données>/territories/<identifiant>/ et l'enregistre pour une Caf\u00a0: ses chargés de convention\n"
        "le voient dans l'application web. Le dossier d'origine n'est pas modifié.",
    )
    ta.add_argument("folder", metavar="DOSSIER", type=Path, help="dossier du territoire, ex. conventions/metz")
    ta.add_argument("--caf", required=True, metavar="ID", help="identifiant de la Caf, ex. caf-57")
    ta.add_argument(
        "--slug", metavar="ID", help="identifiant du territoire (par défaut\u00a0: le nom du dossier), ex. metz"
    )
    _web_options(ta)
    return parser


def _web_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        help="base de données (par défaut\u00a0: le fichier docgen.sqlite3 du dossier de données)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DOSSIER",
        help="dossier de données (par défaut\u00a0: $DOCGEN_DATA, sinon ./instance)",
    )


def _conversions(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 16:
        raise argparse.ArgumentTypeError(f"nombre de conversions invalide «\u00a0{text}\u00a0» (de 1 à 16)")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"port invalide «\u00a0{text}\u00a0» (un nombre de 1 à 65535)")
    return int(text)


def run() -> None:
    """The `ctg` command: `main`, then the process ends at once. Everything a command opens is
    closed by then (files written, LibreOffice stopped, staging folders removed, in `finally`
    blocks); what is left is the interpreter freeing every object one by one, which took 40 ms
    of a 0.5 s check (benchmarks/check.py)."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away, or a stream was closed
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `ctg`; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if not argv:  # `ctg` alone: what it can do, not an error
        parser.print_help()
        return EXIT_OK
    args = parser.parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)  # so that cleanups run (LibreOffice, staged files)
    # A command's objects are freed by reference counting; the cyclic collector, run over and over
    # through the words of a long document, took a fifth of `ctg check`'s time for the same peak
    # memory (measured on the 54-page draft of benchmarks/check.py). It is on again afterwards.
    collecting = gc.isenabled()
    gc.disable()
    # pydantic looks for plugins among every installed package's entry points when it builds its
    # first model (a tenth of a cold `ctg build`'s imports); ctg uses none. A user's setting stays.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        return _COMMANDS[args.command](args)
    except DocgenError as exc:
        print(f"Erreur\u00a0:\n{exc}" if "\n" in str(exc) else f"Erreur\u00a0: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `ctg models | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error when Python flushes
        return EXIT_OK
    finally:
        if collecting:
            gc.enable()


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _models(args: argparse.Namespace) -> int:
    from docgen.library.catalog import load_library

    if getattr(args, "models_command", None) == "add":
        return _models_add(args)
    library = load_library()
    for model in library.models.values():
        print(f"{model.id} — {model.label}")
        print(f"  Titre\u00a0: {model.title}")
        print("  Articles\u00a0:")
        print(f"    Article préliminaire\u00a0: {library.clauses[model.preamble].title}")
        for number, clause_id in enumerate(model.articles, start=1):
            clause = library.clauses[clause_id]
            flag = "" if clause.mandatory else " (facultatif)"
            print(f"    Article {number}\u00a0: {clause.title} [{clause_id}]{flag}")
        print("  Annexes obligatoires\u00a0:")
        for annex in model.annexes:
            if annex.mandatory:
                print(f"    {annex.title} [{annex.key}]")
        optional = [a for a in model.annexes if not a.mandatory]
        if optional:
            print("  Annexes facultatives\u00a0:")
            for annex in optional:
                print(f"    {annex.title} [{annex.key}]")
        print()
    for reference in library.references.values():
        _print_reference(reference)
    return EXIT_OK


def _print_reference(reference: ReferenceModel) -> None:
    """A registered reference model, listed as `ctg models` lists the national ones."""
    print(f"{reference.id} — {reference.label}")
    print(f"  {reference.origin[0].upper()}{reference.origin[1:]}")
    print(f"  Modèle national de base\u00a0: {reference.base}")
    print("  Articles\u00a0:")
    for article in reference.articles:
        label = "Article préliminaire" if article.number is None else f"Article {article.number}"
        clause = f"[{article.clause}]" if article.clause else "(sans clause correspondante)"
        print(f"    {label}\u00a0: {article.title} {clause}")
    if reference.annexes:
        print("  Annexes\u00a0:")
        for annex in reference.annexes:
            number = f"Annexe {annex.number}\u00a0: " if annex.number is not None else ""
            flag = " (obligatoire)" if annex.mandatory else ""
            slot = f"[{annex.key}]" if annex.key else "(sans annexe correspondante)"
            print(f"    {number}{annex.title} {slot}{flag}")
    print()


def _models_add(args: argparse.Namespace) -> int:
    from docgen.check.registration import register
    from docgen.library.catalog import load_library

    result = register(args.file, args.model_id, load_library(), args.label)
    model = result.model
    print(f"Modèle de référence «\u00a0{model.id}\u00a0» enregistré\u00a0: {result.file}")
    print(
        f"  {len(model.articles)} articles, dont {result.mapped} rapprochés d'une clause du modèle national "
        f"{model.base}\u00a0; {len(model.annexes)} annexe{'s' if len(model.annexes) > 1 else ''}."
    )
    print(f"Vérifiez un projet avec\u00a0: {ctg()} check PROJET.docx --model {model.id}")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from docgen.amend.renewal import TO_FILL, write_renewal
    from docgen.data.skeleton import write_skeleton
    from docgen.library.catalog import load_library

    if args.renewed is not None:
        if args.period is None or args.model or args.epci:
            raise DocgenError("avec --from, donnez --period (le modèle et les parties sont ceux de la convention)")
        target = write_renewal(args.folder, args.renewed, *args.period)
        print(f"Données de la nouvelle convention écrites\u00a0: {target}")
        print(f"Complétez les valeurs marquées «\u00a0{TO_FILL}\u00a0», puis lancez\u00a0: {ctg()} build {args.folder}")
        return EXIT_OK
    if args.model is None or args.period is not None:
        raise DocgenError("donnez --model MODELE (ou --from DOSSIER --period … pour un renouvellement)")
    library = load_library()
    if args.model in library.references:
        base = library.references[args.model].base
        raise DocgenError(
            f"«\u00a0{args.model}\u00a0» est un modèle de référence, qui sert à vérifier les projets\u00a0: "
            f"une convention se rédige sur un modèle national (ici «\u00a0{base}\u00a0»)"
        )
    target = write_skeleton(library, args.model, args.folder, "epci" if args.epci else "commune")
    print(f"Squelette écrit\u00a0: {target}")
    print(f"Complétez-le, puis lancez\u00a0: {ctg()} build {args.folder}")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from docgen.build.batch import territories

    folders = territories(args.territories)
    if len(folders) > 1 or folders != args.territories:
        return _build_all(args, folders)
    from docgen.build.job import build
    from docgen.model.tree import built_signature

    result = build(folders[0], args.output, pdf=args.pdf, force=args.force)
    verb = "remplacé" if result.replaced else "écrit"
    d = result.document
    for path in result.kept:
        print(f"Version modifiée gardée\u00a0: {path}")
    print(f"Convention {verb}e\u00a0: {result.docx}")
    if result.pdf:
        print(f"PDF écrit\u00a0: {result.pdf}")
    print(f"  {len(d.articles)} articles, {len(d.annexes)} annexes, {len(built_signature(d).signatories)} signataires.")
    if result.paged:
        print("  Sommaire\u00a0: numéros de page écrits d'après la mise en page de LibreOffice.")
    else:
        print(
            "  Sommaire\u00a0: numéros de page laissés à Word, qui propose de les mettre à jour à l'ouverture "
            "(avec --pdf, ils sont écrits d'après la mise en page de LibreOffice)."
        )
    return EXIT_OK


def _build_all(args: argparse.Namespace, folders: list[Path]) -> int:
    from docgen.build.batch import build_all, progress, summary

    if args.pdf:
        from docgen.pdf.convert import find_soffice

        find_soffice()  # before any work, if the PDFs cannot be made
    advance, close = progress(len(folders))
    try:
        outcomes = build_all(folders, args.output, pdf=args.pdf, force=args.force, advance=advance)
    finally:
        close()
    for line in summary(outcomes):
        print(line)
    return EXIT_INPUT if any(o.result is None for o in outcomes) else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from docgen.check.drafts import reading_early

    with reading_early(args.files):  # a PDF alone: its pages are read while the checker loads
        return _check_files(args)


def _check_files(args: argparse.Namespace) -> int:
    from docgen.check.job import check_files, draft_document, expand
    from docgen.check.reports import FORMATS, Unreadable
    from docgen.library.catalog import load_library
    from docgen.output import write_set

    library = load_library()
    if args.model:
        library.model(args.model)  # an unknown model is a usage error, before any file is read
    files = expand(args.files)
    if not files:
        raise DocgenError("aucun fichier .docx ou .pdf à vérifier")
    if args.annotate and len(files) != 1:
        raise DocgenError("--annotate s'applique à un seul document Word")
    if args.output and args.output.exists():
        raise DocgenError("ce fichier existe déjà\u00a0: il n'est pas remplacé", args.output)
    reference = draft_document(args.reference)[0] if args.reference else None
    pages = args.pages or (args.format == "html" and _has_libreoffice())
    reports, refused = check_files(files, library, args.model, reference, pages)
    unreadable = [Unreadable(str(path), reason) for path, reason in refused]
    text = FORMATS[args.format](reports, unreadable)
    outputs: dict[Path, bytes] = {}
    if args.output:
        outputs[args.output] = text.encode("utf-8")
    count = 0
    if args.annotate and reports:
        from docgen.word.annotate import annotate  # python-docx, only for the annotated copy

        outputs[args.annotate], count = annotate(files[0], reports[0], args.annotate)
    write_set(outputs)  # the report and the annotated copy together, or neither
    if args.output:
        print(f"Rapport écrit\u00a0: {args.output}")
    else:
        sys.stdout.write(text)
    if args.annotate and reports:
        print(f"Document annoté écrit\u00a0: {args.annotate} ({count} commentaire{'s' if count > 1 else ''})")
    if unreadable:
        for item in unreadable:
            print(f"Erreur\u00a0: {item.path}\u00a0: {item.reason}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_FINDINGS if any(r.count("error") for r in reports) else EXIT_OK


def _has_libreoffice() -> bool:
    from docgen.pdf.convert import find_soffice

    try:
        find_soffice()
    except DocgenError:
        return False
    return True


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"date invalide «\u00a0{text}\u00a0» (format attendu\u00a0: AAAA-MM-JJ)"
        ) from None


def _period(text: str) -> tuple[dt.date, dt.date]:
    start, colon, end = text.partition(":")
    if not colon:
        raise argparse.ArgumentTypeError(
            f"période invalide «\u00a0{text}\u00a0» (format attendu\u00a0: AAAA-MM-JJ:AAAA-MM-JJ)"
        )
    return _date(start), _date(end)


def _sign(args: argparse.Namespace) -> int:
    from docgen.amend.history import sign
    from docgen.library.catalog import load_library

    state = sign(args.territory, load_library(), args.date, args.imported)
    print(f"Signature enregistrée\u00a0: {state.describe()} ({state.file})")
    if state.original is not None:
        print(f"  Convention signée gardée\u00a0: {state.original} (SHA-256 {state.original_sha256})")
    return EXIT_OK


def _avenant(args: argparse.Namespace) -> int:
    from docgen.amend.job import make_avenant

    result = make_avenant(args.territory, args.output, reason=args.reason, pdf=args.pdf)
    verb = "remplacés (avenant non encore signé)" if result.replaced else "écrits"
    print(
        f"Avenant n°\u00a0{result.number} ({result.changes} modification{'s' if result.changes > 1 else ''})\u00a0: "
        f"fichiers {verb}\u00a0:"
    )
    for path in result.files:
        print(f"  {path}")
    _warn(result.warnings)
    return EXIT_OK


def _warn(warnings: list[str]) -> None:
    """Points to check, printed after the result: they do not stop the command."""
    for line in warnings:
        print(f"Attention\u00a0: {line}.", file=sys.stderr)


def _import(args: argparse.Namespace) -> int:
    from docgen.data.yamlsource import format_keypath
    from docgen.importer.job import import_convention
    from docgen.library.catalog import load_library

    if args.update:
        return _import_update(args.file, args.territory, args.yes)
    if args.yes:
        raise DocgenError("--yes ne vaut qu'avec --update")

    result = import_convention(args.file, args.territory, load_library(), args.model)
    data = result.imported.data
    kept = len(data.get("article_texts", {})) + len(data.get("annex_texts", {}))
    print(f"Convention importée\u00a0: {result.file}")
    print(
        f"  Modèle {data['model']}, {len(data['parties'])} parties, {result.actions} action"
        f"{'s' if result.actions > 1 else ''} du plan\u00a0; {kept} article{'s' if kept > 1 else ''} ou "
        f"annexe{'s' if kept > 1 else ''} repris tels que signés."
    )
    if result.imported.to_check:
        print("À vérifier (voir les commentaires «\u00a0à vérifier\u00a0» du fichier)\u00a0:")
        for keypath, message in result.imported.to_check:
            print(f"  {format_keypath(keypath)}\u00a0: {message}")
    print(f"Produisez la convention avec\u00a0: {ctg()} build {args.territory}")
    return EXIT_OK


def _import_update(territory: Path, edited: Path, write: bool) -> int:
    from docgen.importer.update import update
    from docgen.library.catalog import load_library

    result = update(territory, edited, load_library(), write)
    if not result.changes:
        print("Le document dit ce que disent les données\u00a0: rien à reporter.")
        return EXIT_OK
    count = len(result.changes)
    print(f"Modification{'s' if count > 1 else ''} du document par rapport aux données ({count})\u00a0:")
    for line in result.changes:
        print(f"  {line}")
    if result.written:
        print(f"Données mises à jour\u00a0: {result.file}")
    else:
        print(f"Rien n'est écrit\u00a0: relancez avec --yes pour les reporter dans {result.file}.")
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from docgen.amend.verify import verify
    from docgen.library.catalog import load_library

    verdict = verify(args.territory, args.document, load_library())
    if verdict.state is None:
        print(f"Non conforme\u00a0: {args.document}\u00a0: {verdict.reason}.")
        return EXIT_FINDINGS
    print(f"Conforme\u00a0: {args.document}\u00a0: {verdict.reason}.")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from docgen.data.schema import SCHEMA_FILE, schema_text
    from docgen.output import write_atomic

    args.output = args.output or SCHEMA_FILE
    write_atomic(args.output, schema_text().encode("utf-8"))
    print(f"Schéma écrit\u00a0: {args.output}")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    settings = _web_settings(args)
    gc.enable()  # a server runs for months: the cycles of every request must be collected (see `main`)
    from docgen.web.server import serve

    serve(settings, args.host, args.port)
    return EXIT_OK


def _users(args: argparse.Namespace) -> int:
    settings = _web_settings(args)
    from docgen.web.accounts import add_user, named, set_active, set_password
    from docgen.web.database import connect
    from docgen.web.models import ROLE_LABELS

    if args.users_command == "password":
        with connect(settings.database)() as session:
            user = named(session, args.name)  # before the password is asked: an unknown name is told at once
            set_password(session, user, _password())
        replaced = f"Mot de passe du compte «\u00a0{user.name}\u00a0» remplacé ({user.caf_id})"
        print(f"{replaced}\u00a0; ses sessions ouvertes sont fermées.")
        return EXIT_OK
    if args.users_command != "add":
        active = args.users_command == "enable"
        with connect(settings.database)() as session:
            user = named(session, args.name)
            changed = set_active(session, user, active)
        told = ("réactivé", "déjà actif") if active else ("désactivé", "déjà désactivé")
        print(f"Compte «\u00a0{user.name}\u00a0» {told[not changed]} ({user.caf_id}).")
        return EXIT_OK
    password = _password()
    with connect(settings.database)() as session:
        user = add_user(session, args.name, args.caf, args.role, password)
    role = ROLE_LABELS[user.role]
    print(f"Compte «\u00a0{user.name}\u00a0» ajouté\u00a0: {user.caf_id}, rôle {role} ({user.role}).")
    return EXIT_OK


def _territories(args: argparse.Namespace) -> int:
    settings = _web_settings(args)
    from docgen.web.database import connect
    from docgen.web.territories import folder_of, register

    with connect(settings.database)() as session:
        territory = register(session, settings, args.folder, args.caf, args.slug)
    where = folder_of(settings, territory)
    print(f"Territoire «\u00a0{territory.slug}\u00a0» enregistré pour {territory.caf_id}\u00a0: {where}")
    return EXIT_OK


def _web_settings(args: argparse.Namespace) -> Settings:
    """The web application's settings, once its libraries are known to be installed (the `web` extra)."""
    from importlib.util import find_spec

    from docgen.web.settings import settings

    missing = [name for name in ("fastapi", "sqlalchemy", "alembic", "argon2", "uvicorn") if find_spec(name) is None]
    if missing:
        raise DocgenError(
            f"l'application web n'est pas installée ({join_fr(missing)} absent{'s' if len(missing) > 1 else ''})"
            "\u00a0: pip install 'docgen[web]'"
        )
    return settings(args.data, args.database, getattr(args, "https", False), getattr(args, "conversions", 1))


def _password() -> str:
    """The password: the first line of standard input, or typed at the terminal without echo."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Mot de passe\u00a0: ")
    line = sys.stdin.readline()
    if not line.strip():
        raise DocgenError("mot de passe absent\u00a0: donnez-le sur l'entrée standard (première ligne)")
    return line.rstrip("\r\n")


_COMMANDS = {
    "models": _models,
    "new": _new,
    "build": _build,
    "sign": _sign,
    "avenant": _avenant,
    "check": _check,
    "import": _import,
    "verify": _verify,
    "schema": _schema,
    "serve": _serve,
    "users": _users,
    "territories": _territories,
}


if __name__ == "__main__":
    raise SystemExit(main())
