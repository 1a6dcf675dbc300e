"""Text that reads like instructions to a language model (prompt injection).

Such spans are recorded with the document; anything that later sends document text to a model
must pass them as quoted data, never as instructions. Nothing here changes the text itself.
"""

import re
from dataclasses import dataclass

from .text import ExtractedText

__all__ = ["InstructionSpan", "find_instructions"]

_PATTERNS = [
    re.compile(
        r"\b(ignore|disregard|forget|override)\b[^.\n]{0,40}\b(previous|prior|above|all|any|"
        r"earlier|your)\b[^.\n]{0,40}\b(instructions?|prompts?|directions?|rules|guidelines)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(system prompt|developer mode|jailbreak|prompt injection)\b", re.IGNORECASE),
    re.compile(
        r"\byou are (now )?(an? |the )?(ai|assistant|language model|chatgpt|gpt|llm|recruiting "
        r"bot)\b[^\n]{0,80}",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(rate|score|rank|recommend)\b[^.\n]{0,30}\b(this|the) (candidate|applicant|resume|cv)"
        r"\b[^.\n]{0,40}\b(10/10|100%|highest|top|perfect|best|strongly)",
        re.IGNORECASE,
    ),
]


@dataclass(frozen=True)
class InstructionSpan:
    page: int
    start: int
    end: int
    text: str


def find_instructions(extracted: ExtractedText) -> list[InstructionSpan]:
    spans = []
    for page in extracted.pages:
        for pattern in _PATTERNS:
            for match in pattern.finditer(page.text):
                spans.append(InstructionSpan(page.number, match.start(), match.end(), match[0]))
    return sorted(spans, key=lambda s: (s.page, s.start))
