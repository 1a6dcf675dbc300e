"""One document, start to end: screen, extract text, classify, find facts and risky text."""

from dataclasses import dataclass

from .classify import Classification, DocumentClassifier
from .facts import Fact, extract_skill_facts
from .injection import InstructionSpan, find_instructions
from .limits import Limits
from .screen import Screening, screen
from .text import ExtractedText, extract_text
from .vocabulary import Vocabulary

__all__ = ["DocumentPipeline", "ProcessedDocument"]


@dataclass(frozen=True)
class ProcessedDocument:
    screening: Screening
    text: ExtractedText
    classification: Classification
    facts: list[Fact]
    instructions: list[InstructionSpan]


class DocumentPipeline:
    def __init__(
        self, vocabulary: Vocabulary, classifier: DocumentClassifier, limits: Limits
    ) -> None:
        self.vocabulary = vocabulary
        self.classifier = classifier
        self.limits = limits

    def process(self, data: bytes) -> ProcessedDocument:
        """Raises DocumentRejected with a code, a message and what to do."""
        screening = screen(data, self.limits)
        text = extract_text(data, screening.doc_type, self.limits)
        return ProcessedDocument(
            screening,
            text,
            self.classifier.classify(text.text),
            extract_skill_facts(text, self.vocabulary),
            find_instructions(text),
        )
