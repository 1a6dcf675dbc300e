"""Document classification: zero-shot by embeddings, backed by structural cues."""

import re
from pathlib import Path

import pytest

from engine import Embedder
from engine.documents import Limits, extract_text, screen
from engine.documents.classify import (
    Classification,
    DocumentClassifier,
    DocumentType,
    UploadContext,
    decide,
)
from engine.documents.language import detect

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


def _text(path: Path) -> str:
    data = path.read_bytes()
    return extract_text(data, screen(data, Limits()).doc_type, Limits()).text


@pytest.mark.parametrize("path", sorted((DOCUMENTS / "resumes").glob("*.pdf")))
def test_every_cv_file_is_a_cv(classifier: DocumentClassifier, path: Path) -> None:
    """A CV taken for a job description loses its person every fact: never."""
    result = classifier.classify(_text(path))
    assert result.doc_type == "resume", result.scores
    assert result.confidence == max(result.scores.values())
    assert sum(result.scores.values()) == pytest.approx(1.0, abs=0.01)


def test_job_description_files_are_jobs(classifier: DocumentClassifier) -> None:
    """Content alone (no upload context), on real postings in DOCX, PDF and TXT; postings
    that read like a list of duties with no "you" or "we" can still be missed (the upload's
    context or setDocumentType settles those)."""
    paths = sorted(p for p in (DOCUMENTS / "job_descriptions").iterdir() if p.suffix != ".md")
    right = [p.name for p in paths if classifier.classify(_text(p)).doc_type == "job_description"]
    assert len(right) >= 0.9 * len(paths), sorted({p.name for p in paths} - set(right))


@pytest.mark.parametrize(("expected", "text"), SAMPLES.items())
def test_other_document_kinds(classifier: DocumentClassifier, expected: str, text: str) -> None:
    assert classifier.classify(text).doc_type == expected


def test_empty_text_is_other(classifier: DocumentClassifier) -> None:
    assert classifier.classify("  \n ").doc_type == "other"


def _collapsed(path: Path) -> str:
    return re.sub(r"\s+", " ", _text(path))


@pytest.mark.parametrize("path", sorted((DOCUMENTS / "resumes").glob("*.pdf")))
def test_a_cv_with_its_line_breaks_collapsed_is_still_a_cv(
    classifier: DocumentClassifier, path: Path
) -> None:
    """ATS exports and pasted forms give CVs as one long line: still a CV, not a job."""
    result = classifier.classify(_collapsed(path))
    assert result.doc_type == "resume", result.scores


def test_a_job_description_with_collapsed_lines_is_still_a_job(
    classifier: DocumentClassifier,
) -> None:
    path = DOCUMENTS / "job_descriptions" / "Backend Developer.docx"
    assert classifier.classify(_collapsed(path)).doc_type == "job_description"


def test_the_upload_decides_what_content_alone_cannot() -> None:
    job_like = Classification("job_description", 0.93, {"job_description": 0.93, "resume": 0.07})
    unsure = Classification("resume", 0.55, {"resume": 0.55, "cover_letter": 0.45})
    torn = Classification("resume", 0.5, {"resume": 0.5, "job_description": 0.5})
    # For a person's profile a job description is asked about, never turned into a Job.
    assert decide(job_like, UploadContext.PERSON).doc_type is None
    # A person's own document that is unsure among a person's kinds takes the likeliest.
    assert decide(unsure, UploadContext.PERSON).doc_type is DocumentType.RESUME
    # A job being created is a job, whatever it reads like.
    assert decide(unsure, UploadContext.POSTING).doc_type is DocumentType.JOB_DESCRIPTION
    # Staff under their own id: a sure job is a job; surely no job is read into the profile
    # (which of a person's kinds does not change that); torn between the two, it waits.
    assert decide(job_like, UploadContext.UNKNOWN).doc_type is DocumentType.JOB_DESCRIPTION
    assert decide(unsure, UploadContext.UNKNOWN).doc_type is DocumentType.RESUME
    assert decide(torn, UploadContext.UNKNOWN).doc_type is None


def test_language_is_told_and_english_is_read() -> None:
    spanish = DOCUMENTS / "job_descriptions" / "job_desc_java_developer.pdf"
    found = detect(_text(spanish))
    assert found.code == "es" and not found.supported
    english = detect(_collapsed(DOCUMENTS / "resumes" / "john_doe.pdf"))
    assert english.code == "en" and english.supported
    # a bare list of product names is no language at all, and is read as English would be
    assert detect("Python, Java, SQL, AWS, Docker, Kubernetes, React, Node.js").supported
