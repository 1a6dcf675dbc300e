"""One document, start to end: screen, extract text, tell its language and type, find facts
and risky text. A document whose type is unclear, or whose language the extractors do not
read, is read but not mined: it waits (`decision.doc_type` None, or `language.supported`
False)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..embeddings import Embedder
from .classify import Classification, Decision, DocumentClassifier, DocumentType, UploadContext
from .classify import decide as decide_type
from .facts import Fact, FactExtractor
from .injection import InstructionSpan, find_instructions
from .jobs import JobPosting, describe_job
from .language import Language, detect
from .limits import Limits
from .linking import LinkGate
from .screen import Screening, screen
from .tagger import SpanTagger
from .text import ExtractedText, extract_text
from .titles import TitleIndex
from .vocabulary import Vocabulary

__all__ = ["DocumentPipeline", "ProcessedDocument"]


@dataclass(frozen=True)
class ProcessedDocument:
    screening: Screening
    text: ExtractedText
    language: Language
    classification: Classification
    decision: Decision
    facts: list[Fact]
    instructions: list[InstructionSpan]
    job: JobPosting | None
    """Set when the document is a job description: what the job asks for."""


class DocumentPipeline:
    def __init__(
        self, extractor: FactExtractor, classifier: DocumentClassifier, limits: Limits
    ) -> None:
        self.extractor = extractor
        self.classifier = classifier
        self.limits = limits

    @classmethod
    def create(
        cls,
        embedder: Embedder,
        skill_rows: Iterable[Mapping[str, Any]],
        title_rows: Iterable[Mapping[str, Any]],
        limits: Limits,
    ) -> "DocumentPipeline":
        """From the ontology's skill vocabulary and title rows (graph or release)."""
        rows = list(skill_rows)
        vocabulary = Vocabulary.from_rows(rows)
        extractor = FactExtractor(
            vocabulary, TitleIndex(title_rows), SpanTagger(embedder, vocabulary),
            LinkGate(rows, embedder, vocabulary),
        )  # fmt: skip
        return cls(extractor, DocumentClassifier(embedder), limits)

    def process(
        self, data: bytes, context: UploadContext = UploadContext.UNKNOWN,
        doc_type: DocumentType | None = None,
    ) -> ProcessedDocument:  # fmt: skip
        """`doc_type`: what a person said the document is (then it is not guessed).
        Raises DocumentRejected with a code, a message and what to do."""
        screening = screen(data, self.limits)
        text = extract_text(data, screening.doc_type, self.limits)
        language = detect(text.text)
        classification = self.classifier.classify(text.text, language)
        if doc_type is not None:
            decision = Decision(doc_type, 1.0, "said by a person")
        else:
            decision = decide_type(classification, context)
        facts: list[Fact] = []
        job = None
        if decision.doc_type is not None and language.supported:
            facts = self.extractor.extract(text)
            if decision.doc_type is DocumentType.JOB_DESCRIPTION:
                job = describe_job(text, facts, self.extractor.titles)
        return ProcessedDocument(
            screening, text, language, classification, decision, facts,
            find_instructions(text), job,
        )  # fmt: skip
