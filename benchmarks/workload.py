"""A deterministic workload of realistic press releases for the benchmark.

Why generate instead of copying the corpus: the benchmark needs many releases of
controlled length (1 to 20 pages) in several languages, and the corpus is a scoring
set, not benchmark fodder. Everything here is composed from small per-language phrase
banks with a seeded `random.Random`, so the same seed gives byte-identical files on any
machine and the figures of two runs are comparable.

Each release has the parts a real one has — headline, type/date line, dateline lead,
paragraphs, quotes with attribution (speech dash in sv/es/fi, „…“ in de, « … » in fr,
“…,” said in en), bulleted and numbered lists, subheadings, a contacts block, an About
section and an end mark — with one of three openings seen on the wire:

* ``wire``   — "FOR IMMEDIATE RELEASE", headline, subheadline;
* ``nordic`` — organization line, headline, "Pressmeddelande • 7 januari 2026 11:58 CET"
  (the Mynewsdesk shape of the seed);
* ``agency`` — type and date on the first line, then the headline.

The page count is a target: the body gets `FIRST_PAGE_WORDS` words plus `WORDS_PER_PAGE`
per further page (calibrated on the brands in styles/); the benchmark reports the page
count each PDF actually has, which varies a little with language and brand.

Usage: ``python benchmarks/workload.py OUT_DIR [--count N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

#: Body words per A4 page and body words that fit on the first page beside the header,
#: contacts and About section — calibrated on the brands in styles/ so a 1-page target
#: renders as 1 page and a 20-page one as about 20 (docs/performance.md lists the real counts).
WORDS_PER_PAGE = 430
FIRST_PAGE_WORDS = 120

SIZES = (1, 2, 5, 10, 20)
LANGUAGES = ("en", "sv", "de", "fr", "es", "fi")
LAYOUTS = ("wire", "nordic", "agency")


@dataclass(frozen=True)
class Bank:
    """The words of one language: enough variety that no two paragraphs repeat."""

    code: str
    release_type: str
    instruction: str
    months: tuple[str, ...]
    orgs: tuple[tuple[str, str, str], ...]  # (organization, city, e-mail domain)
    people: tuple[str, ...]
    roles: tuple[str, ...]
    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    tails: tuple[str, ...]
    headlines: tuple[str, ...]
    subheadings: tuple[str, ...]
    list_intro: str
    list_items: tuple[str, ...]
    quote_bodies: tuple[str, ...]
    speech_verb: str
    quote_style: str  # "dash" (– Text, säger X, roll.) or "marks" (“Text,” said X, role.)
    marks: tuple[str, str]
    contact_heading: str
    about: str  # with {org}
    about_text: tuple[str, ...]
    phone_label: str
    phone_format: str
    email_label: str
    end_mark: str
    dateline_sep: str


BANKS: dict[str, Bank] = {
    "en": Bank(
        code="en",
        release_type="Press Release",
        instruction="FOR IMMEDIATE RELEASE",
        months=(
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        orgs=(
            ("Northwind Energy Cooperative", "Leeds", "northwind-energy.example"),
            ("Harbor City Transit Authority", "Baltimore", "hcta.example"),
            ("Bluefield Medical Research Institute", "Cambridge", "bluefield-research.example"),
        ),
        people=("Margaret O'Neill", "David Okafor", "Priya Raman", "Thomas Whitfield", "Laura Jensen"),
        roles=(
            "Chief Executive Officer",
            "Director of Operations",
            "Head of Research",
            "Board Chair",
            "Vice President, Communications",
        ),
        subjects=(
            "The programme",
            "The new facility",
            "This partnership",
            "The pilot project",
            "Our team",
            "The regional network",
            "The investment",
            "The study",
        ),
        verbs=(
            "will deliver",
            "has reduced",
            "is expected to support",
            "builds on",
            "strengthens",
            "brings together",
            "expands",
            "accelerates",
        ),
        objects=(
            "affordable clean energy for local households",
            "waiting times for patients across the region",
            "more than 1,200 skilled jobs",
            "the partners' existing research infrastructure",
            "cooperation between universities and industry",
            "safer and more reliable public transport",
            "independent monitoring of air quality",
            "training for apprentices and graduates",
        ),
        tails=(
            "over the next three years",
            "starting in the spring of 2027",
            "according to the latest figures",
            "in close cooperation with local authorities",
            "at no extra cost to taxpayers",
            "while keeping emissions well below the national target",
            "in all twelve districts",
        ),
        headlines=(
            "{org} announces £40 million investment in community energy",
            "{org} opens new research centre in {city}",
            "{org} reports record year for passenger numbers",
        ),
        subheadings=(
            "A growing need",
            "How the programme works",
            "Funding and timeline",
            "Next steps",
            "Results so far",
            "Working with the community",
        ),
        list_intro="The main points of the plan are:",
        list_items=(
            "a new control centre staffed around the clock",
            "free advice for small businesses",
            "open data published every quarter",
            "two additional depots by 2028",
            "an independent review after the first year",
        ),
        quote_bodies=(
            "This is a decisive moment for the region and for everyone who depends on us",
            "We listened to residents and built the plan around what they told us",
            "The numbers show that careful investment pays off for years to come",
        ),
        speech_verb="said",
        quote_style="marks",
        marks=("“", "”"),
        contact_heading="Media Contact",
        about="About {org}",
        about_text=(
            "{org} was founded in 1987 and serves more than 400,000 people. It is governed by an "
            "independent board and publishes its accounts every year.",
        ),
        phone_label="Tel:",
        phone_format="+44 113 496 {a:04d}",
        email_label="Email:",
        end_mark="###",
        dateline_sep=" – ",
    ),
    "sv": Bank(
        code="sv",
        release_type="Pressmeddelande",
        instruction="För omedelbar publicering",
        months=(
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ),
        orgs=(
            ("Länsstyrelsen i Uppsala län", "Uppsala", "lansstyrelsen-u.example"),
            ("Mälardalens Energi AB", "Västerås", "malarenergi.example"),
            ("Region Norrbotten", "Luleå", "regionnorrbotten.example"),
        ),
        people=("Anna Lindqvist", "Johan Bergström", "Sara Håkansson", "Erik Öberg", "Maria Gustafsson"),
        roles=("landshövding", "vd", "regiondirektör", "forskningschef", "kommunikationschef"),
        subjects=(
            "Satsningen",
            "Det nya projektet",
            "Samarbetet",
            "Regionen",
            "Länsstyrelsen",
            "Den nya anläggningen",
            "Programmet",
            "Utredningen",
        ),
        verbs=(
            "ska bidra till",
            "har redan minskat",
            "väntas stärka",
            "bygger vidare på",
            "ger bättre",
            "samlar",
            "utvecklar",
            "påskyndar",
        ),
        objects=(
            "en hållbar energiförsörjning i hela länet",
            "väntetiderna inom vården",
            "sysselsättningen i glesbygden",
            "samarbetet mellan näringsliv och högskola",
            "förutsättningar för klimatsmarta transporter",
            "tryggheten i bostadsområdena",
            "kompetensförsörjningen inom industrin",
            "den biologiska mångfalden längs kusten",
        ),
        tails=(
            "under de kommande tre åren",
            "med start våren 2027",
            "enligt de senaste siffrorna",
            "i nära samarbete med kommunerna",
            "utan ökade kostnader för skattebetalarna",
            "samtidigt som utsläppen minskar",
            "i samtliga av länets kommuner",
        ),
        headlines=(
            "{org} satsar 40 miljoner på lokal energi",
            "{org} öppnar nytt forskningscentrum i {city}",
            "Rekordår för kollektivtrafiken hos {org}",
        ),
        subheadings=(
            "Ett växande behov",
            "Så fungerar satsningen",
            "Finansiering och tidsplan",
            "Nästa steg",
            "Resultat hittills",
        ),
        list_intro="Satsningen omfattar bland annat:",
        list_items=(
            "en ny driftcentral som är bemannad dygnet runt",
            "kostnadsfri rådgivning för småföretag",
            "öppna data som publiceras varje kvartal",
            "två nya depåer till 2028",
            "en oberoende utvärdering efter första året",
        ),
        quote_bodies=(
            "Det här är ett avgörande steg för hela regionen och för alla som bor här",
            "Vi har lyssnat på invånarna och byggt planen utifrån det de berättat",
            "Siffrorna visar att långsiktiga investeringar lönar sig",
        ),
        speech_verb="säger",
        quote_style="dash",
        marks=("”", "”"),
        contact_heading="För mer information kontakta",
        about="Om {org}",
        about_text=(
            "{org} grundades 1971 och har i dag omkring 2 300 medarbetare. Verksamheten styrs av "
            "en politiskt vald styrelse.",
        ),
        phone_label="tfn",
        phone_format="070-342 {a:02d} {b:02d}",
        email_label="e-post:",
        end_mark="###",
        dateline_sep=" – ",
    ),
    "de": Bank(
        code="de",
        release_type="Pressemitteilung",
        instruction="Zur sofortigen Veröffentlichung",
        months=(
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ),
        orgs=(
            ("Stadtwerke Rheinfeld GmbH", "Köln", "stadtwerke-rheinfeld.example"),
            ("Fraunhofer-Verbund Nordsee", "Bremen", "verbund-nordsee.example"),
            ("Verkehrsverbund Oberland", "München", "vvo-bayern.example"),
        ),
        people=("Katrin Müller", "Stefan Becker", "Julia Schröder", "Andreas Weiß", "Claudia Hoffmann"),
        roles=(
            "Geschäftsführerin",
            "Vorstandsvorsitzender",
            "Leiterin der Forschung",
            "Pressesprecher",
            "Technischer Direktor",
        ),
        subjects=(
            "Das Programm",
            "Die neue Anlage",
            "Die Partnerschaft",
            "Das Pilotprojekt",
            "Unser Team",
            "Das regionale Netzwerk",
            "Die Investition",
            "Die Studie",
        ),
        verbs=(
            "sichert",
            "verringert",
            "soll unterstützen",
            "baut auf",
            "stärkt",
            "verbindet",
            "erweitert",
            "beschleunigt",
        ),
        objects=(
            "die bezahlbare Versorgung mit Ökostrom",
            "die Wartezeiten für Patientinnen und Patienten",
            "mehr als 1.200 qualifizierte Arbeitsplätze",
            "die bestehende Forschungsinfrastruktur",
            "die Zusammenarbeit zwischen Hochschulen und Industrie",
            "einen zuverlässigen Nahverkehr",
            "die unabhängige Messung der Luftqualität",
            "die Ausbildung von Fachkräften",
        ),
        tails=(
            "in den kommenden drei Jahren",
            "ab dem Frühjahr 2027",
            "nach den jüngsten Zahlen",
            "in enger Abstimmung mit den Kommunen",
            "ohne Mehrkosten für die Steuerzahler",
            "bei deutlich sinkenden Emissionen",
            "in allen zwölf Stadtbezirken",
        ),
        headlines=(
            "{org} investiert 40 Millionen Euro in lokale Energie",
            "{org} eröffnet Forschungszentrum in {city}",
            "Rekordjahr für {org}: Fahrgastzahlen steigen deutlich",
        ),
        subheadings=(
            "Wachsender Bedarf",
            "So funktioniert das Programm",
            "Finanzierung und Zeitplan",
            "Die nächsten Schritte",
            "Bisherige Ergebnisse",
        ),
        list_intro="Die wichtigsten Punkte im Überblick:",
        list_items=(
            "eine rund um die Uhr besetzte Leitstelle",
            "kostenlose Beratung für kleine Betriebe",
            "offene Daten, vierteljährlich veröffentlicht",
            "zwei zusätzliche Betriebshöfe bis 2028",
            "eine unabhängige Überprüfung nach dem ersten Jahr",
        ),
        quote_bodies=(
            "Das ist ein entscheidender Moment für die ganze Region",
            "Wir haben den Bürgerinnen und Bürgern zugehört und den Plan danach ausgerichtet",
            "Die Zahlen zeigen, dass sich sorgfältige Investitionen langfristig auszahlen",
        ),
        speech_verb="sagt",
        quote_style="marks",
        marks=("„", "“"),
        contact_heading="Pressekontakt",
        about="Über {org}",
        about_text=(
            "{org} wurde 1994 gegründet und beschäftigt rund 1.800 Mitarbeiterinnen und Mitarbeiter "
            "an sieben Standorten.",
        ),
        phone_label="Tel.:",
        phone_format="+49 221 4711 {a:03d}",
        email_label="E-Mail:",
        end_mark="###",
        dateline_sep=" – ",
    ),
    "fr": Bank(
        code="fr",
        release_type="Communiqué de presse",
        instruction="Pour diffusion immédiate",
        months=(
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        orgs=(
            ("Régie des Transports de Lorraine", "Nancy", "rtl-transports.example"),
            ("Institut Aquitain de Recherche Médicale", "Bordeaux", "iarm.example"),
            ("Énergies Citoyennes du Rhône", "Lyon", "ecr-energie.example"),
        ),
        people=("Claire Dubois", "Julien Moreau", "Sophie Lefèvre", "Marc Girard", "Élodie Fontaine"),
        roles=(
            "directrice générale",
            "président",
            "directrice de la recherche",
            "porte-parole",
            "directeur technique",
        ),
        subjects=(
            "Le programme",
            "La nouvelle installation",
            "Ce partenariat",
            "Le projet pilote",
            "Notre équipe",
            "Le réseau régional",
            "L'investissement",
            "L'étude",
        ),
        verbs=(
            "permettra de développer",
            "a déjà réduit",
            "doit soutenir",
            "s'appuie sur",
            "renforce",
            "rassemble",
            "étend",
            "accélère",
        ),
        objects=(
            "une énergie propre et abordable pour les ménages",
            "les délais d'attente des patients",
            "plus de 1 200 emplois qualifiés",
            "les infrastructures de recherche existantes",
            "la coopération entre universités et entreprises",
            "des transports publics plus fiables",
            "la surveillance indépendante de la qualité de l'air",
            "la formation des apprentis",
        ),
        tails=(
            "au cours des trois prochaines années",
            "à partir du printemps 2027",
            "selon les derniers chiffres",
            "en étroite collaboration avec les collectivités",
            "sans coût supplémentaire pour les contribuables",
            "tout en réduisant les émissions",
            "dans les douze arrondissements",
        ),
        headlines=(
            "{org} investit 40 millions d'euros dans l'énergie locale",
            "{org} inaugure un centre de recherche à {city}",
            "Année record pour {org} : la fréquentation progresse",
        ),
        subheadings=(
            "Un besoin croissant",
            "Comment fonctionne le programme",
            "Financement et calendrier",
            "Prochaines étapes",
            "Premiers résultats",
        ),
        list_intro="Le plan prévoit notamment :",
        list_items=(
            "un centre de contrôle ouvert jour et nuit",
            "des conseils gratuits pour les petites entreprises",
            "des données ouvertes publiées chaque trimestre",
            "deux nouveaux dépôts d'ici 2028",
            "une évaluation indépendante après la première année",
        ),
        quote_bodies=(
            "C'est un moment décisif pour toute la région",
            "Nous avons écouté les habitants et construit le projet avec eux",
            "Les chiffres montrent que l'investissement patient porte ses fruits",
        ),
        speech_verb="a déclaré",
        quote_style="marks",
        marks=("« ", " »"),
        contact_heading="Contact presse",
        about="À propos de {org}",
        about_text=(
            "{org} a été créé en 1982 et compte aujourd'hui 950 collaborateurs répartis sur quatre sites.",
        ),
        phone_label="Tél. :",
        phone_format="+33 3 83 55 {a:02d} {b:02d}",
        email_label="Courriel :",
        end_mark="###",
        dateline_sep=" – ",
    ),
    "es": Bank(
        code="es",
        release_type="Nota de prensa",
        instruction="Para publicación inmediata",
        months=(
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        orgs=(
            ("Consorcio de Transportes de Aragón", "Zaragoza", "ctaragon.example"),
            ("Fundación Andaluza de Investigación", "Sevilla", "fai-andalucia.example"),
            ("Energía Comunitaria del Cantábrico", "Santander", "ecc-energia.example"),
        ),
        people=("Lucía Fernández", "Javier Morales", "Carmen Ruiz", "Andrés Navarro", "Isabel Ortega"),
        roles=(
            "directora general",
            "presidente",
            "directora de investigación",
            "portavoz",
            "director técnico",
        ),
        subjects=(
            "El programa",
            "La nueva instalación",
            "La alianza",
            "El proyecto piloto",
            "Nuestro equipo",
            "La red regional",
            "La inversión",
            "El estudio",
        ),
        verbs=(
            "permitirá ampliar",
            "ha reducido",
            "apoyará",
            "se basa en",
            "refuerza",
            "reúne",
            "amplía",
            "acelera",
        ),
        objects=(
            "el acceso a energía limpia y asequible",
            "los tiempos de espera de los pacientes",
            "más de 1.200 empleos cualificados",
            "la infraestructura de investigación existente",
            "la cooperación entre universidades y empresas",
            "un transporte público más fiable",
            "el control independiente de la calidad del aire",
            "la formación de aprendices",
        ),
        tails=(
            "en los próximos tres años",
            "a partir de la primavera de 2027",
            "según las últimas cifras",
            "en estrecha colaboración con los ayuntamientos",
            "sin coste adicional para los contribuyentes",
            "mientras se reducen las emisiones",
            "en los doce distritos",
        ),
        headlines=(
            "{org} invierte 40 millones de euros en energía local",
            "{org} inaugura un centro de investigación en {city}",
            "Año récord para {org}: crece el número de viajeros",
        ),
        subheadings=(
            "Una necesidad creciente",
            "Cómo funciona el programa",
            "Financiación y calendario",
            "Próximos pasos",
            "Primeros resultados",
        ),
        list_intro="El plan incluye, entre otras medidas:",
        list_items=(
            "un centro de control abierto las 24 horas",
            "asesoramiento gratuito para pequeñas empresas",
            "datos abiertos publicados cada trimestre",
            "dos nuevas cocheras antes de 2028",
            "una evaluación independiente tras el primer año",
        ),
        quote_bodies=(
            "Es un momento decisivo para toda la región",
            "Hemos escuchado a los vecinos y hemos construido el plan con ellos",
            "Las cifras demuestran que la inversión paciente da resultados",
        ),
        speech_verb="afirmó",
        quote_style="dash",
        marks=("«", "»"),
        contact_heading="Contacto de prensa",
        about="Acerca de {org}",
        about_text=("{org} se fundó en 1990 y cuenta con 700 profesionales en cinco sedes.",),
        phone_label="Tel.:",
        phone_format="+34 976 55 {a:02d} {b:02d}",
        email_label="Correo:",
        end_mark="###",
        dateline_sep=" – ",
    ),
    "fi": Bank(
        code="fi",
        release_type="Lehdistötiedote",
        instruction="Julkaisuvapaa heti",
        months=(
            "tammikuuta",
            "helmikuuta",
            "maaliskuuta",
            "huhtikuuta",
            "toukokuuta",
            "kesäkuuta",
            "heinäkuuta",
            "elokuuta",
            "syyskuuta",
            "lokakuuta",
            "marraskuuta",
            "joulukuuta",
        ),
        orgs=(
            ("Pirkanmaan Energia Oy", "Tampere", "pirkanmaan-energia.example"),
            ("Oulun seudun liikenne", "Oulu", "osl.example"),
            ("Itä-Suomen tutkimuskeskus", "Kuopio", "istk.example"),
        ),
        people=("Liisa Virtanen", "Mikko Korhonen", "Aino Mäkinen", "Jussi Heikkinen", "Satu Laaksonen"),
        roles=(
            "toimitusjohtaja",
            "hallituksen puheenjohtaja",
            "tutkimusjohtaja",
            "viestintäpäällikkö",
            "tekninen johtaja",
        ),
        subjects=(
            "Ohjelma",
            "Uusi laitos",
            "Kumppanuus",
            "Pilottihanke",
            "Tiimimme",
            "Alueellinen verkosto",
            "Investointi",
            "Selvitys",
        ),
        verbs=(
            "tuo",
            "on jo lyhentänyt",
            "tukee",
            "rakentuu",
            "vahvistaa",
            "kokoaa",
            "laajentaa",
            "nopeuttaa",
        ),
        objects=(
            "edullista puhdasta energiaa kotitalouksille",
            "potilaiden jonotusaikoja",
            "yli 1 200 osaavaa työpaikkaa",
            "nykyistä tutkimusinfrastruktuuria",
            "yliopistojen ja yritysten yhteistyötä",
            "luotettavampaa joukkoliikennettä",
            "ilmanlaadun riippumatonta seurantaa",
            "oppisopimuskoulutusta",
        ),
        tails=(
            "seuraavien kolmen vuoden aikana",
            "keväästä 2027 alkaen",
            "tuoreimpien lukujen mukaan",
            "tiiviissä yhteistyössä kuntien kanssa",
            "ilman lisäkustannuksia veronmaksajille",
            "samalla kun päästöt vähenevät",
            "kaikissa kahdessatoista kaupunginosassa",
        ),
        headlines=(
            "{org} investoi 40 miljoonaa euroa paikalliseen energiaan",
            "{org} avaa uuden tutkimuskeskuksen",
            "Ennätysvuosi: {org} kasvatti matkustajamääriä",
        ),
        subheadings=(
            "Kasvava tarve",
            "Näin ohjelma toimii",
            "Rahoitus ja aikataulu",
            "Seuraavat vaiheet",
            "Tähänastiset tulokset",
        ),
        list_intro="Suunnitelmaan sisältyy muun muassa:",
        list_items=(
            "ympäri vuorokauden miehitetty valvomo",
            "maksutonta neuvontaa pienyrityksille",
            "avointa dataa neljännesvuosittain",
            "kaksi uutta varikkoa vuoteen 2028 mennessä",
            "riippumaton arviointi ensimmäisen vuoden jälkeen",
        ),
        quote_bodies=(
            "Tämä on ratkaiseva hetki koko alueelle",
            "Kuuntelimme asukkaita ja rakensimme suunnitelman heidän kanssaan",
            "Luvut osoittavat, että pitkäjänteinen investointi kannattaa",
        ),
        speech_verb="sanoo",
        quote_style="dash",
        marks=("”", "”"),
        contact_heading="Lisätietoja",
        about="Tietoa {org}",
        about_text=("{org} on perustettu vuonna 1978, ja sen palveluksessa on noin 600 henkeä.",),
        phone_label="puh.",
        phone_format="040 555 {a:04d}",
        email_label="sähköposti:",
        end_mark="###",
        dateline_sep=" – ",
    ),
}


@dataclass(frozen=True)
class WorkItem:
    """One generated release: where it is, and what it was asked to be."""

    path: Path
    language: str
    layout: str
    pages: int
    words: int


class _Writer:
    """Composes one release from a bank; holds the RNG so every choice is reproducible."""

    def __init__(self, bank: Bank, rng: random.Random):
        self.b = bank
        self.r = rng
        self.org, self.city, self.domain = rng.choice(bank.orgs)

    def sentence(self) -> str:
        b, r = self.b, self.r
        text = f"{r.choice(b.subjects)} {r.choice(b.verbs)} {r.choice(b.objects)} {r.choice(b.tails)}"
        if r.random() < 0.35:
            text += f", {r.choice(b.tails)}"
        return text + "."

    def paragraph(self, words: int) -> str:
        out: list[str] = []
        count = 0
        while count < words:
            s = self.sentence()
            out.append(s)
            count += len(s.split())
        return " ".join(out)

    def quote(self, words: int) -> str:
        b, r = self.b, self.r
        person, role = r.choice(b.people), r.choice(b.roles)
        body = r.choice(b.quote_bodies) + ". " + self.paragraph(max(words - 20, 10))
        body = body.rstrip(".")
        if b.quote_style == "dash":
            return (
                f"– {body}, {b.speech_verb} {person}, {role} på {self.org}."
                if b.code == "sv"
                else f"– {body}, {b.speech_verb} {person}, {role}."
            )
        return (
            f"{b.marks[0]}{body},{b.marks[1]} {b.speech_verb} {person}, {role} at {self.org}."
            if b.code == "en"
            else f"{b.marks[0]}{body}{b.marks[1]}, {b.speech_verb} {person}, {role}."
        )

    def date_text(self, day: int, month: int, year: int) -> str:
        name = self.b.months[month - 1]
        if self.b.code == "en":
            return f"{name} {day}, {year}"
        if self.b.code == "de":
            return f"{day}. {name} {year}"
        if self.b.code == "fi":
            return f"{day}. {name} {year}"
        if self.b.code == "es":
            return f"{day} de {name} de {year}"
        return f"{day} {name} {year}"

    def contacts(self) -> list[str]:
        b, r = self.b, self.r
        lines = [b.contact_heading + ("" if b.contact_heading.endswith(":") else ":")]
        for _ in range(r.choice((1, 2))):
            person, role = r.choice(b.people), r.choice(b.roles)
            user = person.split()[0].lower().translate(str.maketrans("äöåéèáíóúü", "aoaeeaiouu"))
            phone = b.phone_format.format(a=r.randrange(10, 99), b=r.randrange(10, 99))
            if b.code == "sv":
                lines.append(f"{person}, {role}, {self.org}, {b.phone_label} {phone}")
            else:
                lines += [person, role, f"{b.phone_label} {phone}", f"{b.email_label} {user}@{self.domain}"]
                lines.append("")
        return [line for line in lines if line] if b.code == "sv" else lines[:-1]

    def release(self, pages: int, layout: str) -> str:
        b, r = self.b, self.r
        year, month, day = 2026, r.randrange(1, 13), r.randrange(1, 29)
        hour, minute = r.randrange(7, 18), r.randrange(0, 60)
        headline = r.choice(b.headlines).format(org=self.org, city=self.city)
        date = self.date_text(day, month, year)
        parts: list[str] = []
        if layout == "wire":
            parts += [
                b.instruction.upper() if b.code == "en" else b.instruction,
                headline,
                self.sentence()[:-1],
            ]  # subheadline: one sentence without its full stop
        elif layout == "nordic":
            parts += [self.org, headline, f"{b.release_type}   •   {date} {hour:02d}:{minute:02d} CET"]
        else:
            parts += [f"{b.release_type} – {date}", headline]
        words = (pages - 1) * WORDS_PER_PAGE + FIRST_PAGE_WORDS
        lead = f"{self.city.upper()}, {date}{b.dateline_sep}{self.paragraph(55)}"
        parts.append(lead)
        written = 55
        blocks_since_heading = 0
        while written < words:
            roll = r.random()
            if roll < 0.14 and blocks_since_heading >= 3:
                parts.append(r.choice(b.subheadings))
                blocks_since_heading = 0
                continue
            if roll < 0.30:
                parts.append(self.quote(60))
                written += 60
            elif roll < 0.38:
                items = r.sample(b.list_items, k=r.choice((3, 4, 5)))
                parts.append(b.list_intro)
                parts.append(
                    "\n".join(f"- {item}" for item in items)
                    if r.random() < 0.6
                    else "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
                )
                written += 8 * len(items)
            else:
                n = r.randrange(60, 130)
                parts.append(self.paragraph(n))
                written += n
            blocks_since_heading += 1
        parts.append("\n".join(self.contacts()))
        parts.append(b.about.format(org=self.org) + "\n" + r.choice(b.about_text).format(org=self.org))
        parts.append(b.end_mark)
        return "\n\n".join(parts) + "\n"


def generate(language: str, pages: int, seed: int, layout: str | None = None) -> str:
    """One release text of about `pages` pages; the same arguments give the same text."""
    rng = random.Random(f"{language}-{pages}-{seed}-{layout}")
    layout = layout or rng.choice(LAYOUTS)
    return _Writer(BANKS[language], rng).release(pages, layout)


def build_workload(
    out_dir: Path,
    *,
    sizes: tuple[int, ...] = SIZES,
    languages: tuple[str, ...] = LANGUAGES,
    count: int | None = None,
    seed: int = 7,
) -> list[WorkItem]:
    """Write releases into `out_dir` cycling through sizes × languages × layouts.

    With `count`, that many files (cycling); without, one per size and language.
    File names carry size and language so a slow file is easy to spot in a profile.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    combos = [(s, lang) for s in sizes for lang in languages]
    total = count if count is not None else len(combos)
    items: list[WorkItem] = []
    for i in range(total):
        size, lang = combos[i % len(combos)]
        layout = LAYOUTS[(i + i // len(languages)) % len(LAYOUTS)]
        text = generate(lang, size, seed + i, layout)
        path = out_dir / f"{i:04d}-{lang}-{size:02d}p-{layout}.txt"
        path.write_text(text, encoding="utf-8")
        items.append(WorkItem(path, lang, layout, size, len(text.split())))
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    for item in build_workload(args.out_dir, count=args.count, seed=args.seed):
        print(f"{item.path}  {item.language} {item.layout} {item.pages}p {item.words} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
