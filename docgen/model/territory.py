"""The territory data schema: what `conventions/<territory>/convention.yaml` may contain.

Every model is frozen and forbids unknown keys. Field descriptions are French: they are
published in the JSON Schema (`schema/convention.schema.json`) that editors show as help.
Text fields marked « texte mis en forme » accept a light Markdown: blank-line separated
paragraphs, `- ` bullet lists, `**gras**`, `*italique*` and pipe tables.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from docgen.model.fields import (  # noqa: F401 - the shared field types, re-exported
    FIRST_YEAR,
    LAST_YEAR,
    ActionNumber,
    Date,
    Ident,
    Markup,
    ModelId,
    ShortStr,
    Str,
    Strict,
    Writable,
)

PartyKind = Literal["caf", "commune", "epci", "ccas", "departement", "msa", "etat", "autre"]


class Representative(Strict):
    """A person signing for a party."""

    civility: Literal["Monsieur", "Madame"] = Field(description="« Monsieur » ou « Madame ».")
    name: ShortStr = Field(description="Prénom et nom, ex. « Jean-Yves Prévotat ».")
    function: ShortStr = Field(description="Fonction, sans article, ex. « directeur », « maire », « présidente ».")


class Authorisation(Strict):
    """How a party's representative is authorised to sign (délibération or décision)."""

    act: Literal["délibération", "décision"] = Field(description="Nature de l'acte.")
    body: ShortStr = Field(description="Instance qui a décidé, ex. « conseil municipal », « conseil communautaire ».")
    date: Date = Field(description="Date de l'acte (AAAA-MM-JJ).")
    number: ShortStr | None = Field(None, description="Numéro de l'acte, s'il en a un.")


class Party(Strict):
    """A signatory institution."""

    id: Ident = Field(description="Identifiant court, ex. « caf », « commune », « ccas ».")
    kind: PartyKind = Field(description="Nature de la partie.")
    name: ShortStr = Field(description="Nom complet, ex. « la Caisse d'allocations familiales du Loiret ».")
    short_name: ShortStr = Field(description="Dénomination dans la convention, avec son article, ex. « la Caf ».")
    feminine: bool | None = Field(
        None,
        description="Genre grammatical du nom (« représentée » ou « représenté ») ; "
        "déduit de l'article « la » ou « le » s'il est omis.",
    )
    representatives: list[Representative] = Field(
        min_length=1, max_length=4, description="Représentant(s) signataire(s)."
    )
    authorisation: Authorisation | None = Field(
        None,
        description="Délibération ou décision autorisant la signature de la convention (obligatoire sauf pour la "
        "Caf) ; celle d'un avenant se donne dans « amendment.authorisations ».",
    )


class Territory(Strict):
    """The territory covered by the convention."""

    name: ShortStr = Field(description="Nom officiel, ex. « Saint-Jean-de-la-Ruelle ».")
    kind: Literal["commune", "epci"] = Field(description="Commune ou intercommunalité.")
    department: ShortStr = Field(description="Département, ex. « Loiret ».")
    communes: list[ShortStr] = Field(default_factory=list, description="Pour un EPCI : communes membres.")


class Period(Strict):
    """Period of the convention."""

    start: Date = Field(description="Date de prise d'effet (AAAA-MM-JJ).")
    end: Date = Field(description="Date de fin (AAAA-MM-JJ).")


class Signature(Strict):
    """Where and when the convention is signed."""

    place: ShortStr = Field(description="Lieu de signature, ex. « Orléans ».")
    date: Date = Field(description="Date de signature (AAAA-MM-JJ).")


class Cover(Strict):
    """The cover page: the Word template it is made from and the logos it shows."""

    template: ShortStr | None = Field(
        None,
        description="Modèle Word de la couverture, dont les champs docxtpl ({{ territory.name }}, {{ period.text }}, "
        "{{ logos.caf }}…) sont remplis à la production : chemin d'un .docx dans le dossier du territoire ou dans "
        "le dossier qui le contient, ou nom d'un modèle de templates/docx/ (« couverture-deux-logos »). Par défaut, "
        "« couverture ».",
    )
    logos: dict[Ident, ShortStr] = Field(
        default_factory=dict,
        description="Logos (PNG ou JPEG, 10 Mo au plus) par nom, chemins dans le dossier du territoire, ex. "
        "« territory: logo-ville.png » ; le modèle les place avec {{ logos.territory }}. Un logo que le modèle "
        "nomme sans que les données le donnent est cherché à côté du modèle (« logo-caf.png »).",
    )


class Preamble(Strict):
    """Territory-specific parts of the préambule."""

    characteristics: Markup = Field(description="Caractéristiques du territoire.")
    existing_offer: Markup = Field(description="Offre de services et d'équipements existante.")
    priority_domains: list[ShortStr] = Field(min_length=1, description="Domaines d'intervention prioritaires retenus.")
    conclusion: Markup | None = Field(None, description="Paragraphe final propre au territoire.")


class LocalFields(Strict):
    """Article « champs d'intervention de la collectivité »."""

    intro: Markup | None = Field(None, description="Texte qui précède la liste.")
    lead_in: ShortStr | None = Field(
        None, description="Phrase qui annonce la liste, à la place de la phrase type du modèle."
    )
    items: list[ShortStr] = Field(min_length=1, description="Actions ou services de la collectivité.")
    details: Markup | None = None


class SharedOrientation(Strict):
    """An orientation of the shared objectives, with its objectives."""

    title: ShortStr
    objectives: list[ShortStr] = Field(min_length=1)


class SharedObjectives(Strict):
    """Article « objectifs partagés »."""

    intro: Markup | None = None
    orientations: list[SharedOrientation] = Field(min_length=1)


class Structure(Strict):
    """An equipment or service supported."""

    name: ShortStr
    address: ShortStr | None = None
    manager: ShortStr | None = Field(None, description="Gestionnaire, s'il n'est pas la collectivité.")


class EquipmentCategory(Strict):
    """A type of equipment (EAJE, RPE, ALSH...) and its structures."""

    type: ShortStr
    structures: list[Structure] = Field(min_length=1)


class Equipment(Strict):
    """Annex: equipment and services supported by the territory."""

    year: int | None = Field(None, ge=2000, le=2100, description="Année de référence de la liste.")
    categories: list[EquipmentCategory] = Field(min_length=1)


class Action(Strict):
    """A numbered action of the plan."""

    number: ActionNumber = Field(description="Numéro de l'action, ex. « 1.1 » ou « FA 2.3 ».")
    title: Str
    owner: ShortStr = Field(description="Porteur de l'action.")
    schedule: ShortStr = Field(description="Calendrier, ex. « 2022-2025 ».")
    indicators: list[ShortStr] = Field(min_length=1, description="Indicateurs de suivi.")
    caf_means: list[ShortStr] = Field(default_factory=list, description="Moyens mobilisables par la Caf.")


class Objective(Strict):
    """An operational objective and its actions."""

    title: ShortStr
    actions: list[Action] = Field(min_length=1)


class Goal(Strict):
    """An orientation (second level of the plan) and its operational objectives."""

    title: ShortStr
    objectives: list[Objective] = Field(min_length=1)


class Orientation(Strict):
    """A general orientation (axis) of the action plan."""

    title: ShortStr
    goals: list[Goal] = Field(min_length=1)


class Fiche(Strict):
    """A detailed fiche action covering one or several actions of the plan."""

    title: ShortStr
    actions: list[ActionNumber] = Field(min_length=1, description="Numéros des actions couvertes.")
    diagnosis: Markup = Field(description="Diagnostic initial, constats.")
    audience: Markup = Field(description="Public visé.")
    objectives: list[ShortStr] = Field(min_length=1, description="Objectifs opérationnels.")
    implementation: list[ShortStr] = Field(min_length=1, description="Modalités de mise en œuvre.")
    schedule: ShortStr = Field(description="Échéances de réalisation.")
    responsible: ShortStr = Field(description="Responsable de l'action et services mobilisés.")
    expected_results: list[ShortStr] = Field(min_length=1, description="Résultats attendus.")
    partners: list[ShortStr] = Field(min_length=1, description="Partenaires sollicités.")
    indicators: list[ShortStr] = Field(min_length=1, description="Indicateurs de suivi.")
    funding: Markup | None = Field(None, description="Financements.")


class ActionPlan(Strict):
    """Annex: the action plan and, optionally, detailed fiches action."""

    intro: Markup | None = None
    orientation_label: ShortStr = Field(
        "Orientation générale",
        description="Nom des orientations dans les intertitres, ex. « Axe » donne « Axe n° 1 : … ».",
    )
    caf_means_note: ShortStr | None = Field(
        None, description="Réserve sur les moyens Caf, ex. « sous réserve de la COG 2023-2027 »."
    )
    orientations: list[Orientation] = Field(min_length=1)
    fiches: list[Fiche] = Field(default_factory=list)


class CommitteeMember(Strict):
    """Who represents a party in a committee."""

    party: Ident = Field(description="Identifiant de la partie (voir « parties »).")
    members: list[ShortStr] = Field(min_length=1)


class Committee(Strict):
    """A steering or technical committee."""

    members: list[CommitteeMember] = Field(min_length=1)
    others: list[ShortStr] = Field(default_factory=list, description="Autres membres associés.")
    chair: ShortStr | None = Field(None, description="Présidence, ex. « le maire ».")
    frequency: ShortStr = Field(description="Fréquence, ex. « au moins une fois par an ».")
    secretariat: Ident = Field(description="Partie qui assure le secrétariat.")
    missions: list[ShortStr] = Field(default_factory=list)


class Pilotage(Strict):
    """Annex: steering of the convention."""

    steering_committee: Committee
    technical_committee: Committee | None = None
    notes: Markup | None = None


class Evaluation(Strict):
    """Annex: how the convention is evaluated."""

    text: Markup
    steps: list[ShortStr] = Field(default_factory=list)


class Diagnosis(Strict):
    """Annex: shared diagnosis (état des lieux partagé)."""

    summary: Markup
    sections: list[DiagnosisSection] = Field(default_factory=list)


class DiagnosisSection(Strict):
    """A titled part of the diagnosis."""

    title: ShortStr
    text: Markup


class DataAgreement(Strict):
    """An earlier data-exchange agreement between the parties (2016 model annex)."""

    title: ShortStr
    date: Date


class ExtraAnnex(Strict):
    """An additional annex the territory attaches (after the model's annexes)."""

    key: Ident
    title: ShortStr
    text: Markup


class AvenantAuthorisation(Authorisation):
    """The act by which a party's deciding body authorises the signature of the pending avenant."""

    party: Ident = Field(description="Identifiant (« id ») de la partie autorisée.")


class Amendment(Strict):
    """The pending avenant: why, from when, signed where and when, authorised by which acts."""

    reason: Markup = Field(description="Motif de l'avenant, repris dans son préambule.")
    effective: Date = Field(description="Date de prise d'effet de l'avenant (AAAA-MM-JJ).")
    signature: Signature = Field(description="Lieu et date de signature de l'avenant.")
    authorisations: list[AvenantAuthorisation] = Field(
        default_factory=list,
        description="Délibérations ou décisions qui autorisent la signature de l'avenant : une par partie dont "
        "la signature de la convention était autorisée ; l'autorisation de la convention ne vaut pas pour un avenant.",
    )

    def authorisation_of(self, party_id: str) -> Authorisation | None:
        """The act authorising party `party_id` to sign this avenant, if the data give one."""
        found = next((a for a in self.authorisations if a.party == party_id), None)
        return Authorisation(**found.model_dump(exclude={"party"})) if found else None


class Convention(Strict):
    """A whole territory's convention data."""

    model: ModelId = Field(description="Identifiant du modèle national (voir « ctg models »).")
    title: ShortStr | None = Field(None, description="Titre, si différent de celui du modèle.")
    territory: Territory
    period: Period
    signature: Signature
    cover: Cover = Field(
        default_factory=lambda: Cover(template=None), description="Page de couverture (modèle Word et logos)."
    )
    parties: list[Party] = Field(min_length=2, max_length=8)
    preamble: Preamble
    local_fields: LocalFields
    shared_objectives: SharedObjectives
    diagnosis: Diagnosis | None = None
    equipment: Equipment | None = None
    action_plan: ActionPlan
    pilotage: Pilotage
    evaluation: Evaluation | None = None
    data_agreements: list[DataAgreement] | None = Field(
        None, description="Conventions d'échange de données antérieures (modèle 2016)."
    )
    extra_annexes: list[ExtraAnnex] = Field(default_factory=list)
    additions: dict[Ident, Markup] = Field(
        default_factory=dict,
        description="Ajouts locaux par article : identifiant de clause → texte ajouté en fin d'article.",
    )
    article_texts: dict[Ident, Markup] = Field(
        default_factory=dict,
        description="Texte propre au territoire, par article : identifiant de clause → texte de l'article tel que "
        "signé, à la place du texte de la bibliothèque (« ctg import » le remplit pour une convention signée qui "
        "s'en écarte).",
    )
    annex_texts: dict[Ident, Markup] = Field(
        default_factory=dict,
        description="Contenu propre au territoire, par annexe du modèle : clé d'annexe → contenu tel que signé, à la "
        "place de celui que produisent les données (« ctg import » le remplit quand l'annexe ne suit pas le modèle).",
    )
    article_titles: dict[Ident, ShortStr] = Field(
        default_factory=dict,
        description="Intitulé propre au territoire, par article : identifiant de clause → intitulé tel que signé.",
    )
    annex_titles: dict[Ident, ShortStr] = Field(
        default_factory=dict,
        description="Intitulé propre au territoire, par annexe du modèle : clé d'annexe → intitulé tel que signé.",
    )
    amendment: Amendment | None = Field(
        None, description="Avenant en préparation (motif, prise d'effet, signature) ; voir « ctg avenant »."
    )


Diagnosis.model_rebuild()
