"""Skill facts from documents: linked to O*NET, each quoting the exact span it came from."""

from pathlib import Path

import pytest

from engine.documents import Limits, extract_text, screen
from engine.documents.facts import extract_skill_facts
from engine.documents.vocabulary import Vocabulary
from onet_loader import bundled_release_path
from onet_loader.vocabulary import skill_vocabulary

from ..documents import make_pdf

DOCUMENTS = Path(__file__).parents[1] / "data" / "documents"
ALL = sorted(p for p in DOCUMENTS.rglob("*") if p.suffix in (".pdf", ".docx", ".txt"))


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.from_rows(skill_vocabulary(bundled_release_path()))


def names(vocabulary: Vocabulary, text: str, lenient: bool = False) -> list[str]:
    return [m.term.name for m in vocabulary.find(text, lenient_case=lenient)]


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_every_fact_quotes_its_page_exactly(vocabulary: Vocabulary, path: Path) -> None:
    data = path.read_bytes()
    extracted = extract_text(data, screen(data, Limits()).doc_type, Limits())
    facts = extract_skill_facts(extracted, vocabulary)
    assert facts, "every shared CV and job description mentions some skill"
    pages = {page.number: page.text for page in extracted.pages}
    for fact in facts:
        where = fact.evidence
        assert pages[where.page][where.start : where.end] == where.text == fact.value
        assert fact.onet_id and fact.normalized and 0 < fact.confidence <= 1
        assert where.extractor == "careergraph.dictionary"


def test_a_cv_gives_its_skills_with_the_kind_of_evidence(vocabulary: Vocabulary) -> None:
    data = (DOCUMENTS / "resumes" / "john_doe.pdf").read_bytes()
    facts = extract_skill_facts(
        extract_text(data, screen(data, Limits()).doc_type, Limits()), vocabulary
    )
    found = {f.normalized: f for f in facts}
    for skill in ("Oracle Java", "Spring Boot", "Docker", "MySQL", "MongoDB", "JavaScript"):
        assert skill in found
    assert found["Docker"].evidence_kind == "skills_list"
    assert found["Oracle Java"].evidence_kind == "summary"
    assert all(f.evidence.section != "header" for f in facts)  # "JOHN DOE" is not a skill


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


def test_pdf_and_text_of_one_cv_give_the_same_skills(vocabulary: Vocabulary) -> None:
    lines = ["SKILLS", "Python, Django, PostgreSQL, Docker", "EXPERIENCE", "Built APIs in Go"]
    from_pdf = extract_skill_facts(
        extract_text(make_pdf([lines]), screen(make_pdf([lines]), Limits()).doc_type, Limits()),
        vocabulary,
    )
    text = "\n".join(lines).encode()
    from_txt = extract_skill_facts(
        extract_text(text, screen(text, Limits()).doc_type, Limits()), vocabulary
    )
    assert {f.onet_id for f in from_pdf} == {f.onet_id for f in from_txt} != set()
