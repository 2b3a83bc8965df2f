"""Demo parts (VOORBEELDGEGEVENS) for the fictional methods of `ingest.demo_data.METHODS` (W5 §7).

Per method one volume with chapters. Each chapter: (title, description, declared 2006 kerndoel codes). The
texts are written for Wijzer and describe no real method. Declared codes stand for what a supplier would deliver
as NL-LOM `educational objective` taxons; a few use a stale SLO id to show the resolver at work.
"""

from __future__ import annotations

Chapter = tuple[str, str, tuple[str, ...]]

STALE_VO_22 = "f82de175-d5d2-4fba-8a4e-bac6494f83ae"  # the old id of VO Kerndoel 22 (deprecated.json)

DEMO_PARTS: dict[str, tuple[str, tuple[Chapter, ...]]] = {
    "Sommenspoor": ("po", (
        ("Getallen tot 1000", "Getallen ordenen op de getallenlijn, springen in sprongen van 10 en 100 en "
         "getallen splitsen in honderdtallen, tientallen en eenheden.", ("PO Kerndoel 26",)),
        ("Tafels en deelsommen", "De tafels van vermenigvuldiging oefenen tot ze vlot gaan en delen als omgekeerde "
         "van vermenigvuldigen.", ("PO Kerndoel 27",)),
        ("Meten en wegen", "Lengte meten met een liniaal en meetlint, omrekenen van centimeter naar meter en "
         "rekenen met gewicht in gram en kilogram.", ("PO Kerndoel 33",)),
        ("Breuken verkennen", "Een half, een kwart en driekwart herkennen bij het verdelen van een pizza en "
         "breuken plaatsen op een strook.", ()),
        ("Rekenspelletjes", "Vrije spelletjes voor de vrijdagmiddag: bingo, kwartet en een puzzeltocht door "
         "de school.", ()),
    )),
    "Telkracht": ("po", (
        ("Handig rekenen", "Slim optellen en aftrekken door te compenseren en te verdubbelen.", ("PO Kerndoel 29",)),
        ("Cijferend rekenen", "Onder elkaar optellen, aftrekken en de staartdeling.", ("PO Kerndoel 30",)),
        ("Schatten en afronden", "Bedragen afronden en de uitkomst vooraf schatten.", ("PO Kerndoel 28",)),
    )),
    "Woordenwaaier": ("po", (
        ("Woorden leren", "Nieuwe woorden rond het thema markt leren en de betekenis raden uit de zin.",
         ("PO Kerndoel 12",)),
        ("Spreekbeurt", "Een spreekbeurt voorbereiden en houden over je hobby.", ("PO Kerndoel 02",)),
        ("Zinsdelen", "Onderwerp en persoonsvorm vinden en werkwoorden goed spellen.", ("PO Kerndoel 11",)),
    )),
    "Letterlab": ("po", (
        ("Brieven schrijven", "Een brief en een uitnodiging schrijven met aandacht voor opbouw en spelling.",
         ("PO Kerndoel 08",)),
        ("Informatie zoeken", "Antwoorden vinden in tabellen, schema's en op websites.", ("PO Kerndoel 04",)),
        ("Discussie", "In een klassengesprek een mening geven en met argumenten reageren.", ()),
    )),
    "Leeslantaarn": ("po", (
        ("Leesplezier", "Boeken kiezen die bij je passen, boekbesprekingen en voorlezen.", ("PO Kerndoel 09",)),
        ("Leesstrategieën", "Voorspellen, ophelderen en samenvatten tijdens het lezen.", ("PO Kerndoel 10",)),
        ("Teksten vergelijken", "Twee teksten over hetzelfde onderwerp vergelijken en beoordelen.", ()),
    )),
    "Wereldvenster": ("po", (
        ("Nederland en het water", "Dijken, polders en de Deltawerken: hoe Nederland droog blijft.",
         ("PO Kerndoel 48",)),
        ("Topografie van Europa", "Landen en hoofdsteden van Europa met de atlas.", ("PO Kerndoel 50",)),
        ("Ridders en kastelen", "Het leven in de middeleeuwen en de tijd van steden en staten.", ("PO Kerndoel 52",)),
    )),
    "Harbour English": ("po", (
        ("Hello!", "Jezelf voorstellen in het Engels en vragen naar iemands naam en leeftijd.", ("PO Kerndoel 14",)),
        ("Stories", "Korte Engelse prentenboeken en filmpjes begrijpen.", ("PO Kerndoel 13",)),
        ("Words", "Engelse woorden over eten en kleding leren schrijven.", ()),
    )),
    "Formulepad": ("vo", (
        ("Formules en grafieken", "Van tabel naar grafiek naar formule bij lineaire verbanden.",
         ("VO Kerndoel 25",)),
        ("Negatieve getallen en breuken", "Rekenen met negatieve getallen, breuken en procenten.", (STALE_VO_22,)),
        ("Ruimtefiguren", "Kubus, prisma en piramide: uitslagen, aanzichten en inhoud.", ("VO Kerndoel 26",)),
        ("Statistiek", "Gegevens verzamelen, diagrammen maken en het gemiddelde berekenen.", ()),
    )),
    "Taaltoren": ("vo", (
        ("Leesvaardigheid", "Hoofdgedachte, signaalwoorden en tekstverbanden.", ("VO Kerndoel 04",)),
        ("Presenteren", "Een presentatie met dia's voorbereiden en geven.", ("VO Kerndoel 07",)),
        ("Spelling", "Werkwoordspelling en leestekens in je eigen teksten.", ("VO Kerndoel 02",)),
    )),
    "Wordbridge": ("vo", (
        ("Meeting people", "In het Engels vertellen over jezelf, je familie en je school.", ("VO Kerndoel 15",)),
        ("Shopping", "Iets kopen en de weg vragen in het Engels.", ("VO Kerndoel 16",)),
        ("Pen pals", "Een informele e-mail in het Engels schrijven.", ()),
    )),
    "Krachtveld": ("vo", (
        ("Elektriciteit", "Serie- en parallelschakelingen, spanning en stroom.", ("VO Kerndoel 32",)),
        ("Onderzoeken", "Een onderzoeksvraag opstellen, meten en rapporteren.", ("VO Kerndoel 28",)),
        ("Beweging", "Snelheid, versnelling en krachten met proeven.", ()),
    )),
    "Levensweb": ("vo", (
        ("Het menselijk lichaam", "Spijsvertering, bloedsomloop en ademhaling.", ("VO Kerndoel 34",)),
        ("Ecologie", "Voedselketens en de invloed van de mens op de natuur.", ("VO Kerndoel 30",)),
        ("Cellen", "De cel als bouwsteen van planten en dieren.", ()),
    )),
    "Tijdlijnen": ("vo", (
        ("Tijdvakken", "De tien tijdvakken van jagers en boeren tot de moderne tijd.", ("VO Kerndoel 37",)),
        ("Bronnen", "Historische bronnen onderzoeken en hun betrouwbaarheid.", ("VO Kerndoel 40",)),
        ("Oorlog en vrede", "Conflicten in de twintigste eeuw en mensenrechten.", ()),
    )),
    "Landschapper": ("vo", (
        ("Kaarten lezen", "Atlasvaardigheden: schaal, legenda en thematische kaarten.", ("VO Kerndoel 41",)),
        ("Arm en rijk", "Welvaartsverschillen in de wereld en eerlijke handel.", ("VO Kerndoel 46",)),
        ("Europa", "De Europese Unie en wat die voor jou betekent.", ()),
    )),
    "Marktplein": ("vo", (
        ("Geld en keuzes", "Budget maken, sparen en lenen, en de keuzes van consumenten.", ("VO Kerndoel 42",)),
        ("Arbeid", "Werken en inkomen in Nederland.", ()),
        ("Overheid", "Belastingen en de rol van de overheid in de economie.", ()),
    )),
}  # fmt: skip

CONFIRMED_DEMO_METHODS = ("Sommenspoor", "Formulepad")
"""Demo methods whose declared links are confirmed at load time (labelled as demo decisions)."""
