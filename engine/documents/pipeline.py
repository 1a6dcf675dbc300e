"""One document, start to end: screen, extract text, classify, find facts and risky text."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..embeddings import Embedder
from .classify import Classification, DocumentClassifier
from .facts import Fact, FactExtractor
from .injection import InstructionSpan, find_instructions
from .jobs import JobPosting, describe_job
from .limits import Limits
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
    classification: Classification
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
        vocabulary = Vocabulary.from_rows(skill_rows)
        extractor = FactExtractor(
            vocabulary, TitleIndex(title_rows), SpanTagger(embedder, vocabulary)
        )
        return cls(extractor, DocumentClassifier(embedder), limits)

    def process(self, data: bytes) -> ProcessedDocument:
        """Raises DocumentRejected with a code, a message and what to do."""
        screening = screen(data, self.limits)
        text = extract_text(data, screening.doc_type, self.limits)
        classification = self.classifier.classify(text.text)
        facts = self.extractor.extract(text)
        job = None
        if classification.doc_type == "job_description":
            job = describe_job(text, facts, self.extractor.titles)
        return ProcessedDocument(
            screening, text, classification, facts, find_instructions(text), job
        )
