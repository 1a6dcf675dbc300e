"""Facts from documents: skills linked to O*NET, roles with their dates and employers,
education, certifications, projects and achievements, each quoting the exact span it came
from."""

from datetime import date
from pathlib import Path

import pytest

from engine import Embedder
from engine.documents import Limits, extract_text, screen
from engine.documents.facts import Fact, FactExtractor
from engine.documents.pipeline import DocumentPipeline
from engine.documents.text import ExtractedText
from engine.documents.titles import TitleIndex
from engine.documents.vocabulary import Vocabulary
from onet_loader import bundled_release_path
from onet_loader.vocabulary import skill_vocabulary, title_vocabulary

from ..documents import make_docx, make_pdf

DOCUMENTS = Path(__file__).parents[1] / "data" / "documents"
ALL = sorted(p for p in DOCUMENTS.rglob("*") if p.suffix in (".pdf", ".docx", ".txt"))
TODAY = date(2026, 11, 1)
CV = [
    "Jane Roe",
    "Backend Engineer",
    "EXPERIENCE",
    "Senior Software Engineer, Acme Corp",
    "Jan 2020 - Present",
    "Built payment APIs in Python and PostgreSQL; cut checkout latency 40%.",
    "Software Developer, Globex",
    "Mar 2016 - Dec 2019",
    "Wrote Java services and maintained PostgreSQL databases.",
    "EDUCATION",
    "Bachelor of Science in Computer Science, University of Toronto, 2015",
    "CERTIFICATIONS",
    "AWS Certified Solutions Architect - Associate (2021)",
    "SKILLS",
    "Python, Java, PostgreSQL, Docker, Kubernetes",
]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.from_rows(skill_vocabulary(bundled_release_path()))


@pytest.fixture(scope="module")
def pipeline(embedder: Embedder) -> DocumentPipeline:
    release = bundled_release_path()
    return DocumentPipeline.create(
        embedder, skill_vocabulary(release), title_vocabulary(release), Limits()
    )


def facts_of(pipeline: DocumentPipeline, data: bytes) -> tuple[ExtractedText, list[Fact]]:
    extracted = extract_text(data, screen(data, Limits()).doc_type, Limits())
    extractor: FactExtractor = pipeline.extractor
    return extracted, extractor.extract(extracted, TODAY)


def by_kind(facts: list[Fact], kind: str) -> dict[str, Fact]:
    return {f.normalized or f.value: f for f in facts if f.kind == kind}


def names(vocabulary: Vocabulary, text: str, lenient: bool = False) -> list[str]:
    return [m.term.name for m in vocabulary.find(text, lenient_case=lenient)]


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_every_fact_quotes_its_page_exactly(pipeline: DocumentPipeline, path: Path) -> None:
    extracted, facts = facts_of(pipeline, path.read_bytes())
    assert any(f.kind == "skill" for f in facts), "every shared document names some skill"
    pages = {page.number: page.text for page in extracted.pages}
    for fact in facts:
        where = fact.evidence
        assert pages[where.page][where.start : where.end] == where.text, fact
        assert where.text.strip() and 0 < fact.confidence <= 1
        assert where.extractor == "careergraph.extractor"
        if fact.kind == "skill" and fact.onet_id:
            assert fact.normalized


def test_a_cv_gives_roles_with_dates_employers_and_months(pipeline: DocumentPipeline) -> None:
    _, facts = facts_of(pipeline, "\n".join(CV).encode())
    roles = {f.value: f for f in facts if f.kind == "role"}
    senior = roles["Senior Software Engineer"]
    assert senior.onet_id == "15-1252.00" and senior.employer == "Acme Corp"
    assert (senior.valid_from, senior.valid_to, senior.months) == ("2020-01", None, 83)
    earlier = roles["Software Developer"]
    assert (earlier.valid_from, earlier.valid_to, earlier.months) == ("2016-03", "2019-12", 46)
    assert earlier.employer == "Globex"
    assert {"Acme Corp", "Globex"} <= set(by_kind(facts, "employer"))
    assert any(link.rel == "AT" and link.kind == "employer" for link in senior.links)


def test_skills_carry_the_months_of_the_roles_they_were_used_in(
    pipeline: DocumentPipeline,
) -> None:
    _, facts = facts_of(pipeline, "\n".join(CV).encode())
    skills = {f.onet_id: f for f in facts if f.kind == "skill"}
    postgres = next(f for f in skills.values() if f.normalized == "PostgreSQL")
    assert postgres.months == 83 + 46 and postgres.evidence_kind == "work_experience"
    assert postgres.valid_from == "2016-03" and postgres.valid_to is None
    docker = next(f for f in skills.values() if f.normalized == "Docker")
    assert docker.months is None and docker.evidence_kind == "skills_list"
    assert {link.rel for link in postgres.links} == {"USED_IN"}


def test_education_certifications_and_achievements(pipeline: DocumentPipeline) -> None:
    _, facts = facts_of(pipeline, "\n".join(CV).encode())
    degree = next(f for f in facts if f.kind == "degree")
    assert degree.normalized == "Bachelor's degree" and degree.field == "Computer Science"
    assert degree.institution == "University of Toronto" and degree.valid_to == "2015"
    assert "University of Toronto" in by_kind(facts, "institution")
    certification = next(f for f in facts if f.kind == "certification")
    assert certification.value.startswith("AWS Certified Solutions Architect")
    achievement = next(f for f in facts if f.kind == "achievement")
    assert achievement.metric == "40%" and "latency" in achievement.value


def test_projects_list_their_technologies(pipeline: DocumentPipeline) -> None:
    lines = ["PROJECTS", "", "Home Automation System", "- Raspberry Pi hub in Python with MQTT",
             "", "SKILLS", "Python"]  # fmt: skip
    _, facts = facts_of(pipeline, "\n".join(lines).encode())
    project = by_kind(facts, "project")["Home Automation System"]
    assert "Python" in project.technologies


def test_a_two_column_date_layout_still_dates_the_role(pipeline: DocumentPipeline) -> None:
    # pdfplumber reads the date column of two-column CVs as "2017 -" ... "Present".
    lines = [
        "Experience",
        "2017 - Product Manager, Google, Mountain View",
        "Present Leading cross-functional teams.",
        "2012 - 2017 Engineer, Amazon, Seattle",
    ]
    _, facts = facts_of(pipeline, "\n".join(lines).encode())
    role = next(f for f in facts if f.kind == "role" and f.value == "Product Manager")
    assert role.valid_from == "2017" and role.valid_to is None and role.employer == "Google"


def test_pdf_and_docx_of_one_cv_give_the_same_facts(pipeline: DocumentPipeline) -> None:
    _, from_pdf = facts_of(pipeline, make_pdf([CV]))
    _, from_docx = facts_of(pipeline, make_docx(CV))

    def key(facts: list[Fact]) -> set[tuple[str, str | None, str | None]]:
        return {(f.kind, f.onet_id or f.normalized, f.valid_from) for f in facts}

    assert key(from_pdf) == key(from_docx)
    assert len({f.kind for f in from_pdf}) >= 6


@pytest.mark.parametrize("name", ["john_doe.pdf", "alfred_pennyworth_pm.pdf"])
def test_a_shared_cv_rewritten_as_docx_gives_the_same_skills(
    pipeline: DocumentPipeline, name: str
) -> None:
    # No PDF/DOCX twins ship with the shared documents, so make one: the PDF's lines as
    # DOCX paragraphs, the way a word processor would export the same CV.
    extracted, from_pdf = facts_of(pipeline, (DOCUMENTS / "resumes" / name).read_bytes())
    lines = [line for page in extracted.pages for line in page.text.split("\n")]
    _, from_docx = facts_of(pipeline, make_docx(lines))
    skills = {f.onet_id or f.normalized for f in from_pdf if f.kind == "skill"}
    assert len(skills) > 10
    assert skills == {f.onet_id or f.normalized for f in from_docx if f.kind == "skill"}


def test_spelling_variants_link_to_the_ontology(vocabulary: Vocabulary) -> None:
    assert names(vocabulary, "Built with React.js, HTML5 and Node.js on AWS") == [
        "React",
        "Hypertext markup language HTML",
        "Node.js",
        "Amazon Web Services AWS software",
    ]


def test_common_words_are_not_taken_for_products(vocabulary: Vocabulary) -> None:
    prose = "Led a team to go beyond targets in spring; I word things well."
    assert names(vocabulary, prose) == []
    assert names(vocabulary, "Services written in Go") == ["Go"]
    assert "Go" in names(vocabulary, "python, go, docker", lenient=True)


def test_phrases_do_not_run_across_separators(vocabulary: Vocabulary) -> None:
    assert names(vocabulary, "Python\nScript writing") == ["Python"]


def test_a_shared_cv_gives_each_role_and_degree_its_own_employer_and_school(
    pipeline: DocumentPipeline,
) -> None:
    _, facts = facts_of(
        pipeline, (DOCUMENTS / "resumes" / "bruce_wayne_fullstack.pdf").read_bytes()
    )
    roles = {(f.value, f.employer, f.valid_from) for f in facts if f.kind == "role" and f.employer}
    assert roles == {
        ("MERN Stack Developer", "OpenAI", "2020-06"),
        ("Full Stack Developer", "Uber", "2015-07"),
        ("Software Developer", "Facebook", "2012-06"),
    }
    schools = {f.normalized: f.institution for f in facts if f.kind == "degree"}
    assert set(schools.values()) == {"CalTech", "MIT", "UC San Diego"}
    # An employer's name is not one of the person's skills, even where a product shares it.
    headers = [f for f in facts if f.kind == "skill" and f.evidence.text == "Uber"]
    assert headers == []


LINKING_CV = """Sam Lee
Austin, TX, USA | sam@example.com
EXPERIENCE
Developer (Front-End), Initech, Austin, 2019 - 2021
- Built an intuitive UX for our API with Spring MVC; able to meet tight deadlines.
- Worked with multiple teams on data pruning for the purpose of building reports.
Full Stack Developer at Globex, 2016 - 2019
- Built services in Python, Kubernetes and Microsoft Excel reports.
CERTIFICATIONS
Angular Developer Certification, 2020
OBJECTIVE
Seeking a Senior Software Engineer position.
"""


def test_links_hold_only_where_the_words_mean_the_term(pipeline: DocumentPipeline) -> None:
    """Ordinary words, addresses and parts of other names are not linked to products;
    technologies named as such are."""
    _, facts = facts_of(pipeline, LINKING_CV.encode())
    linked = {f.evidence.text.strip(): f.normalized for f in facts if f.onet_id}
    for word in ("USA", "meet", "teams", "pruning", "building"):
        assert word not in linked, linked
    assert {"Python", "Kubernetes", "Microsoft Excel"} <= set(linked.values())
    values = {f.value.lower() for f in facts if f.kind == "skill"}
    assert not values & {"of", "the purpose of", "for the"}


def test_titles_keep_qualifiers_and_only_held_roles_are_roles(
    pipeline: DocumentPipeline,
) -> None:
    _, facts = facts_of(pipeline, LINKING_CV.encode())
    roles = {f.value: f for f in facts if f.kind == "role"}
    assert "Developer (Front-End)" in roles and "Full Stack Developer" in roles
    assert roles["Developer (Front-End)"].employer == "Initech"
    assert roles["Full Stack Developer"].employer == "Globex"
    # a certification and an objective name titles the person never held
    assert not any("Angular" in r or "Senior Software Engineer" in r for r in roles)


PLACES_CV = "\n".join(
    [
        "Priya Nair",
        "EXPERIENCE",
        "Data Analyst, Kolkata",
        "Jan 2019 - Dec 2020",
        "Client: Pfizer Inc",
        "Built Tableau dashboards for the sales team.",
        "Senior Data Analyst, Infosys, Chicago, IL",
        "Jan 2021 - Present",
        "Wrote SQL reports and Python jobs.",
        "Business Analyst, Association",
        "Mar 2016 - Dec 2018",
        "Gathered requirements for the billing system.",
        "Developer, Oracle",
        "Jan 2014 - Feb 2016",
        "Maintained PL/SQL packages.",
    ]
)


def test_places_clients_and_plain_words_are_not_employers(pipeline: DocumentPipeline) -> None:
    """Where the job was, whom a project was for and a word on its own are not whom the
    person worked for; a company whose name is also a word ("Oracle") still is."""
    _, facts = facts_of(pipeline, PLACES_CV.encode())
    employers = set(by_kind(facts, "employer"))
    assert "Infosys" in employers and "Oracle" in employers, employers
    assert not employers & {"Kolkata", "Chicago", "Chicago, IL", "Pfizer Inc", "Association"}
    roles = {f.value: f.employer for f in facts if f.kind == "role"}
    assert roles.get("Senior Data Analyst") == "Infosys", roles
    assert roles.get("Data Analyst") is None, roles
    # a sentence of the entry above is not the employer of a role whose own was a plain word
    assert roles.get("Business Analyst") is None, roles


def test_a_place_is_told_from_a_company() -> None:
    from engine.documents.places import is_place

    for place in ("Kolkata", "Oslo", "Chicago, IL", "Lahore Pakistan", "New York, NY"):
        assert is_place(place), place
    # small towns share names with companies and words
    for name in ("Orange", "Gap", "Reading", "Best Buy", "MIT Media Lab", "Bank of America"):
        assert not is_place(name), name


def test_a_shared_title_names_no_occupation_but_is_still_a_title() -> None:
    titles = TitleIndex(title_vocabulary(bundled_release_path()))
    assert titles.occupation("Senior Data Analyst") is None  # several share it: search decides
    assert titles.is_title("Data Analyst")
    nurse = titles.occupation("Registered Nurse")  # an occupation's own name still wins
    assert nurse is not None and nurse.code == "29-1141.00"
    reported = titles.occupation("Software Engineer")
    assert reported is not None and reported.code == "15-1252.00"
