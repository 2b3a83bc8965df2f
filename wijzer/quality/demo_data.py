"""Demo reviews, experiences and moderation (VOORBEELDGEGEVENS) for three fictional methods (W6 §9).

Everything here is invented for Wijzer and describes no real method, school or person. The people are demo
accounts on voorbeeld.wijzer.nl without a usable password (nobody logs in as them); the products are the demo
catalogue's (`ingest.demo_data.METHODS`). The numbers are chosen so the pages show real behaviour:

- Sommenspoor (Uitgeverij De Rekenpen): four reviewers who mostly agree (a high alpha), the gateway passed,
  nine experiences of which five at a school that declared the product (verified use), one hidden by the
  moderation with its reason, and the publisher's response to one;
- Leeslantaarn (Uitgeverij De Rekenpen): three reviewers who disagree (a low alpha), the gateway failed (the
  median of INH.1 is 2), seven experiences without verified use, two of them reported and waiting in the
  moderation queue;
- Formulepad (Uitgeverij Zeeklaver, vo): two reviewers ("te weinig gegevens" for alpha), the gateway passed,
  six experiences at a school and its branch that declared the product.

Scores per criterion are written per topic as strings with one character per reviewer (in the order of the
product's `reviewers`): "1" to "4", or "-" for "niet van toepassing". Criterion i of a topic (generic criteria first,
then the extension's, in the framework's order) takes pattern i, cycling; the gateway criteria take the
`gateway` patterns in order. This keeps the demo valid when a new framework version renames or adds criteria.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DOMAIN = "voorbeeld.wijzer.nl"
DEMO_SOURCE = "voorbeeldgegevens"


@dataclass(frozen=True, slots=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    organisation: str  # key in accounts.demo.DEMO_ORGANISATIONS


# Reviewers of the demo panel. Bram and Sem exist as demo accounts already (with a password); the others are new.
REVIEWERS: Mapping[str, DemoPerson] = {
    "bram": DemoPerson(f"beoordelaar@{DOMAIN}", "Bram", "Beoordelaar", "panel"),
    "sem": DemoPerson(f"sectievoorzitter@{DOMAIN}", "Sem", "Sectie", "panel"),
    "noor": DemoPerson(f"beoordelaar2@{DOMAIN}", "Noor", "Nijhof", "panel"),
    "daan": DemoPerson(f"beoordelaar3@{DOMAIN}", "Daan", "Dekker", "panel"),
    "fenna": DemoPerson(f"beoordelaar4@{DOMAIN}", "Fenna", "Feenstra", "panel"),
}

# Teachers at the demo schools (De Wilg and De Linde: po; Het Voorbeeld College and its branch Noord: vo).
TEACHERS: Mapping[str, DemoPerson] = {
    "lotte": DemoPerson(f"leraar@{DOMAIN}", "Lotte", "Leraar", "wilg"),
    "anouk": DemoPerson(f"leraar2@{DOMAIN}", "Anouk", "Aalbers", "wilg"),
    "bas": DemoPerson(f"leraar3@{DOMAIN}", "Bas", "Brouwer", "wilg"),
    "carla": DemoPerson(f"leraar4@{DOMAIN}", "Carla", "Claassen", "wilg"),
    "dirk": DemoPerson(f"leraar5@{DOMAIN}", "Dirk", "Dijkstra", "wilg"),
    "eva": DemoPerson(f"leraar6@{DOMAIN}", "Eva", "Evers", "linde"),
    "fatima": DemoPerson(f"leraar7@{DOMAIN}", "Fatima", "Fikri", "linde"),
    "gijs": DemoPerson(f"leraar8@{DOMAIN}", "Gijs", "Geurts", "linde"),
    "hanna": DemoPerson(f"leraar9@{DOMAIN}", "Hanna", "Hoekstra", "linde"),
    "ilse": DemoPerson(f"leraar10@{DOMAIN}", "Ilse", "IJzerman", "college"),
    "jan": DemoPerson(f"leraar11@{DOMAIN}", "Jan", "Jansen", "college"),
    "kim": DemoPerson(f"leraar12@{DOMAIN}", "Kim", "Kok", "college"),
    "lars": DemoPerson(f"leraar13@{DOMAIN}", "Lars", "Linden", "college_noord"),
    "mila": DemoPerson(f"leraar14@{DOMAIN}", "Mila", "Mulder", "college_noord"),
    "omar": DemoPerson(f"leraar15@{DOMAIN}", "Omar", "Ouali", "college_noord"),
}

# School leaders who declare that their school uses a product (the ground for "Geverifieerd gebruik").
SCHOOL_LEADERS: Mapping[str, DemoPerson] = {
    "wilg": DemoPerson(f"schoolleider@{DOMAIN}", "Sara", "Schoolleider", "wilg"),
    "college": DemoPerson(f"schoolleider2@{DOMAIN}", "Rik", "Rector", "college"),
}

PUBLISHER_EDITOR = DemoPerson(f"redacteur@{DOMAIN}", "Rosa", "Redacteur", "publisher")
MODERATOR = "bram"  # a reviewer: reviewers moderate experiences

# Topic codes in the order of the framework; a topic a later version drops is left out, a new one is "n.v.t.".
TOPICS = ("inhoud", "didactiek", "leerling", "vormgeving", "technologie", "inclusiviteit", "toegankelijkheid")


@dataclass(frozen=True, slots=True)
class DemoExperience:
    teacher: str  # key in TEACHERS
    scores: str  # one character per topic of TOPICS: "1" to "4" or "-" (niet van toepassing)
    text: str
    level: str
    school_type: str
    months_used: int
    report: tuple[str, str] | None = None  # (reporter: "redacteur" or a teacher key, reason): an open report
    hide: str = ""  # hidden by the moderation with this reason (which closes the report)
    response: str = ""  # the publisher's response


@dataclass(frozen=True, slots=True)
class DemoProduct:
    method: str  # demo method name without " (voorbeeld)"
    title_contains: str  # which of the method's products
    sector: str
    subject: str  # subject extension of the reviews ("" = generic only)
    reviewers: tuple[str, ...]  # keys in REVIEWERS
    gateway: tuple[str, ...]  # per gateway criterion: one score per reviewer
    topics: Mapping[str, tuple[str, ...]]  # per topic: patterns for its other criteria, cycled
    reasons: Mapping[str, str]  # per topic: the reason given with a negative answer
    summaries: tuple[str, ...]  # per reviewer
    holder: str = ""  # key in SCHOOL_LEADERS: that school declares it uses the product
    experiences: tuple[DemoExperience, ...] = field(default_factory=tuple)


EVIDENCE = {
    "inhoud": "Handleiding, jaarplanning en leerlijnoverzicht (hoofdstuk 1)",
    "didactiek": "Handleiding bij blok 2, les 1–5",
    "leerling": "Werkboek blok 2, blz. 14–21",
    "vormgeving": "Leerlingboek en digitale omgeving, blok 3",
    "technologie": "Digitale omgeving, getest op Chromebook en iPad",
    "inclusiviteit": "Leerlingboek blok 1–4, illustraties en contexten",
    "toegankelijkheid": "Digitale omgeving met schermlezer (NVDA) en toetsenbord",
}

SOMMENSPOOR = DemoProduct(
    method="Sommenspoor",
    title_contains="docentlicentie",
    sector="po",
    subject="rekenen-wiskunde",
    reviewers=("bram", "sem", "noor", "daan"),
    gateway=("4444", "3434"),
    topics={
        "inhoud": ("4444", "3333", "2222", "4444", "3323", "4434"),
        "didactiek": ("4444", "3332", "2222", "4344", "3333"),
        "leerling": ("3333", "4444", "2222", "4344", "3333"),
        "vormgeving": ("4444", "3333", "2222", "3343"),
        "technologie": ("3333", "2122", "4443", "3333", "4444"),
        "inclusiviteit": ("3333", "2222", "4344", "3333"),
        "toegankelijkheid": ("2221", "3333", "1111", "----"),
    },
    reasons={
        "inhoud": "De herhaling van eerder geleerde stof is in blok 5 en 6 dun; de leerlijn breuken springt.",
        "didactiek": "Differentiëren naar boven blijft bij extra sommen; er is weinig verdieping.",
        "leerling": "De instructiefilmpjes bij het werkboek ontbreken voor groep 7 en 8.",
        "vormgeving": "Sommige bladzijden in het werkboek zijn erg vol.",
        "technologie": "Inloggen via de schoolaccount werkte pas na twee pogingen; de voortgang laadt traag.",
        "inclusiviteit": "Contexten gaan vaak over vakanties en uitjes die niet elk kind kent.",
        "toegankelijkheid": "Knoppen in de oefenomgeving hebben geen tekstlabel; met een schermlezer lukt het niet.",
    },
    summaries=(
        "Degelijke rekenmethode met een heldere leerlijn; de digitale omgeving is minder toegankelijk.",
        "Sterk in instructie en oefening; let op de toegankelijkheid van de oefenomgeving.",
        "Goed bruikbaar; differentiatie naar boven kan beter.",
        "Sluit goed aan op de kerndoelen; de digitale kant blijft achter.",
    ),
    holder="wilg",
    experiences=(
        DemoExperience(
            "lotte",
            "4434332",
            "Heldere lessen en de kinderen weten wat ze moeten doen. De digitale oefeningen lopen soms vast.",
            "groep 5",
            "basisschool",
            18,
            response="Dank voor uw ervaring. In de update van september lossen we het vastlopen van "
            "de oefenomgeving op.",
        ),
        DemoExperience(
            "anouk", "4343333", "Goede opbouw, mijn groep 4 rekent er met plezier mee.", "groep 4", "basisschool", 12
        ),
        DemoExperience("bas", "3343222", "Prima methode; de toetsen zijn wat kort.", "groep 7", "basisschool", 24),
        DemoExperience(
            "carla", "44443-3", "De handleiding scheelt mij veel voorbereidingstijd.", "groep 3", "basisschool", 6
        ),
        DemoExperience(
            "dirk",
            "3333432",
            "Doet wat het belooft. Voor sterke rekenaars te weinig uitdaging.",
            "groep 8",
            "basisschool",
            30,
        ),
        DemoExperience(
            "eva",
            "3423332",
            "We werken er sinds dit jaar mee op proef; de oefenstof is ruim.",
            "groep 6",
            "basisschool",
            4,
        ),
        DemoExperience(
            "fatima", "4332443", "Fijne contexten, herkenbaar voor mijn leerlingen.", "groep 5", "basisschool", 8
        ),
        DemoExperience(
            "gijs",
            "2322211",
            "Mijn leerling met een visuele beperking kan de digitale omgeving niet gebruiken.",
            "groep 6",
            "basisschool",
            10,
        ),
        DemoExperience(
            "hanna",
            "1111111",
            "Bel mij voor een betere methode: 06-12345678 (mijn eigen bedrijf).",
            "groep 7",
            "basisschool",
            1,
            report=("fatima", "Reclame voor een eigen bedrijf, met een telefoonnummer."),
            hide="Reclame en een telefoonnummer; dat hoort niet in een ervaring.",
        ),
    ),
)

LEESLANTAARN = DemoProduct(
    method="Leeslantaarn",
    title_contains="docentlicentie",
    sector="po",
    subject="nederlands",
    reviewers=("bram", "noor", "fenna"),
    gateway=("231", "322"),
    topics={
        "inhoud": ("243", "334", "412", "323", "-32"),
        "didactiek": ("321", "244", "432", "213"),
        "leerling": ("314", "232", "443", "123"),
        "vormgeving": ("412", "234", "341", "-24"),
        "technologie": ("142", "333", "214", "431", "3-1"),
        "inclusiviteit": ("231", "423", "132", "344"),
        "toegankelijkheid": ("213", "142", "2-3", "321"),
    },
    reasons={
        "inhoud": "Begrijpend lezen krijgt weinig plek; de methode dekt kerndoel 2 niet zoals ze belooft.",
        "didactiek": "De handleiding geeft bij begrijpend lezen geen aanpak, alleen vragen bij de tekst.",
        "leerling": "De teksten zijn korte fragmenten; leerlingen lezen zelden een hele tekst.",
        "vormgeving": "Teksten staan in een klein lettertype over een drukke achtergrond.",
        "technologie": "De leesomgeving vraagt meer gegevens dan nodig (geboortedatum, adres).",
        "inclusiviteit": "Weinig variatie in de mensen en gezinnen in tekst en beeld.",
        "toegankelijkheid": "Geen voorleesfunctie en geen aangepaste versie voor leerlingen met dyslexie.",
    },
    summaries=(
        "Leesplezier staat voorop, maar de leerlijn begrijpend lezen ontbreekt grotendeels.",
        "Aantrekkelijke boekjes; de aansluiting op de kerndoelen is voor een deel goed.",
        "Wisselend: sterk in technisch lezen, zwak in begrijpend lezen en toegankelijkheid.",
    ),
    experiences=(
        DemoExperience(
            "lotte",
            "2333222",
            "Kinderen lezen graag uit de boekjes, maar begrijpend lezen moet ik zelf aanvullen.",
            "groep 6",
            "basisschool",
            14,
        ),
        DemoExperience(
            "anouk", "3433333", "Mooie verhalen, de leesmotivatie is omhoog gegaan.", "groep 5", "basisschool", 9
        ),
        DemoExperience(
            "eva",
            "2222-21",
            "Te weinig houvast voor zwakke lezers.",
            "groep 5",
            "basisschool",
            20,
            report=(
                "redacteur",
                "De schrijver noemt een verkeerde versie van de methode; de voorleesfunctie bestaat sinds versie 3.",
            ),
        ),
        DemoExperience(
            "fatima",
            "3332332",
            "Goed voor technisch lezen; voor begrijpend lezen gebruiken we iets anders.",
            "groep 7",
            "basisschool",
            16,
        ),
        DemoExperience(
            "gijs",
            "1212111",
            "Wat een slechte methode, de makers snappen er niks van!!",
            "groep 8",
            "basisschool",
            3,
            report=("eva", "Scheldend en zonder uitleg; zegt niets over de methode zelf."),
        ),
        DemoExperience("bas", "3343333", "Werkt goed als aanvulling op onze taalmethode.", "groep 6", "basisschool", 7),
        DemoExperience(
            "hanna",
            "2322322",
            "De digitale leesomgeving vraagt veel gegevens van leerlingen.",
            "groep 5",
            "basisschool",
            11,
        ),
    ),
)

FORMULEPAD = DemoProduct(
    method="Formulepad",
    title_contains="docentlicentie",
    sector="vo",
    subject="rekenen-wiskunde",
    reviewers=("daan", "fenna"),
    gateway=("34", "33"),
    topics={
        "inhoud": ("44", "33", "32", "43"),
        "didactiek": ("33", "44", "23"),
        "leerling": ("34", "33", "44"),
        "vormgeving": ("33", "43"),
        "technologie": ("22", "33", "34"),
        "inclusiviteit": ("33", "3-"),
        "toegankelijkheid": ("23", "33"),
    },
    reasons={
        "inhoud": "Het rekenen (referentieniveau 2F) krijgt in de bovenbouw weinig aandacht.",
        "didactiek": "Bij het differentiëren ligt de nadruk op meer opgaven in plaats van andere.",
        "leerling": "Weinig opgaven met uitleg bij een fout antwoord.",
        "vormgeving": "De grafieken zijn in zwart-wit lastig te lezen.",
        "technologie": "De grafische rekenmachine in de omgeving werkt niet op tablets.",
        "inclusiviteit": "Contexten zijn vaak sport en auto's.",
        "toegankelijkheid": "Formules zijn afbeeldingen zonder tekstalternatief.",
    },
    summaries=(
        "Solide wiskundemethode voor de onderbouw; digitaal nog niet overal op orde.",
        "Goede leerlijn en heldere uitleg; toegankelijkheid van formules verdient aandacht.",
    ),
    holder="college",
    experiences=(
        DemoExperience(
            "ilse",
            "4344333",
            "Heldere uitleg en veel oefenopgaven; mijn brugklassers kunnen er goed mee uit de voeten.",
            "havo 1",
            "scholengemeenschap",
            20,
        ),
        DemoExperience(
            "jan",
            "3333223",
            "Degelijk, maar de digitale omgeving haalt het niveau van het boek niet.",
            "vwo 2",
            "scholengemeenschap",
            26,
        ),
        DemoExperience(
            "kim",
            "4433433",
            "Fijne methode voor vmbo-kgt, de contexten spreken aan.",
            "vmbo-kgt 2",
            "scholengemeenschap",
            12,
        ),
        DemoExperience(
            "lars", "3434323", "Goede differentiatie tussen havo en vwo.", "havo 3", "scholengemeenschap", 15
        ),
        DemoExperience(
            "mila",
            "33332-2",
            "Werkt goed; de grafische rekenmachine werkt niet op de iPads.",
            "vwo 1",
            "scholengemeenschap",
            8,
        ),
        DemoExperience(
            "omar",
            "4443433",
            "De samenvattingen per hoofdstuk helpen mijn leerlingen bij de toets.",
            "havo 2",
            "scholengemeenschap",
            5,
        ),
    ),
)

PRODUCTS: tuple[DemoProduct, ...] = (SOMMENSPOOR, LEESLANTAARN, FORMULEPAD)


@dataclass(frozen=True, slots=True)
class DemoQuickscan:
    person: DemoPerson  # a section head of the school
    method: str
    answers: Mapping[str, tuple[str, str]]  # topic code -> ("1".."4" or "nvt", note)
    participants: str


QUICKSCAN = DemoQuickscan(
    person=DemoPerson(f"sectievoorzitter@{DOMAIN}", "Sem", "Sectie", "college"),
    method="Formulepad",
    answers={
        "inhoud": ("4", "Dekt de kerndoelen van de onderbouw; rekenen in de bovenbouw vullen we aan."),
        "didactiek": ("3", "Handleiding is goed, differentiëren kost nog veel eigen werk."),
        "leerling": ("3", "Veel oefening; meer uitleg bij fouten zou helpen."),
        "vormgeving": ("4", ""),
        "technologie": ("2", "De grafische rekenmachine werkt niet op de iPads van de onderbouw."),
        "inclusiviteit": ("3", ""),
        "toegankelijkheid": ("nvt", "Nog niet bekeken; volgend jaar met de zorgcoördinator."),
    },
    participants="Sectie wiskunde onderbouw, 4 docenten (voorbeeld)",
)
