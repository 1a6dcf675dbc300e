"""Document classification: zero-shot by embeddings, backed by structural cues."""

from pathlib import Path

import pytest

from engine import Embedder
from engine.documents import Limits, extract_text, screen
from engine.documents.classify import DocumentClassifier

DOCUMENTS = Path(__file__).parents[1] / "data" / "documents"
SAMPLES = {
    "cover_letter": "Dear Hiring Manager,\n\nI am writing to apply for the position of Data "
    "Analyst at Contoso. With three years of experience in SQL and Tableau, I believe I would "
    "be a strong fit for your team.\n\nThank you for your consideration.\n\nSincerely,\nJane Roe",
    "transcript": "Official Transcript\nUniversity of Somewhere\nStudent: Jane Roe\nFall 2019\n"
    "CS101 Introduction to Programming 4 credits A\nMATH201 Linear Algebra 3 credits B+\n"
    "Spring 2020\nCS201 Data Structures 4 credits A-\nCumulative GPA: 3.72",
    "certificate": "Certificate of Completion\nThis is to certify that Jane Roe has "
    "successfully completed the course Machine Learning Specialization\nAwarded on 12 March "
    "2023\nCredential ID: ABC-123",
    "reference_letter": "To whom it may concern,\n\nI have known Jane Roe for four years, during "
    "which she worked under me as a software engineer at Acme. She is diligent, creative and a "
    "natural leader. I strongly recommend her for any senior engineering role.\n\nJohn Smith, CTO",
    "other": "Invoice #4411\nBill to: Acme Corp\n3 x Widget @ $20.00 = $60.00\nShipping: $5.00\n"
    "Total due: $65.00\nPayment terms: net 30",
}


@pytest.fixture(scope="module")
def classifier(embedder: Embedder) -> DocumentClassifier:
    return DocumentClassifier(embedder)


@pytest.mark.parametrize(
    "path", sorted(p for p in DOCUMENTS.rglob("*") if p.suffix in (".pdf", ".docx", ".txt"))
)
def test_resumes_and_job_descriptions(classifier: DocumentClassifier, path: Path) -> None:
    data = path.read_bytes()
    text = extract_text(data, screen(data, Limits()).doc_type, Limits()).text
    expected = "resume" if path.parent.name == "resumes" else "job_description"
    result = classifier.classify(text)
    assert result.doc_type == expected, result.scores
    assert result.confidence == max(result.scores.values())
    assert sum(result.scores.values()) == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(("expected", "text"), SAMPLES.items())
def test_other_document_kinds(classifier: DocumentClassifier, expected: str, text: str) -> None:
    assert classifier.classify(text).doc_type == expected


def test_empty_text_is_other(classifier: DocumentClassifier) -> None:
    assert classifier.classify("  \n ").doc_type == "other"
