"""Which language a document is written in (py3langid's bundled model, offline).

The extractors, the tagger and the classifier's cues read English; a document in another
language is kept, classified as well as the embedding can, and reported as
`unsupported_language` instead of being mined for wrong facts.
"""

import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["SUPPORTED", "Language", "detect"]

SUPPORTED = frozenset({"en"})
_SAMPLE = 20_000
_MIN_LETTERS = 40
_SURE = 0.9
"""Below this the language is "und" (a list of product names reads as no language at all)."""
# The languages CVs and postings come in most; a closed set keeps rare-language confusions
# (a short English text read as Latin or Scots) out.
_CANDIDATES = (
    "en", "es", "fr", "de", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "ro", "hu",
    "tr", "ru", "uk", "el", "ar", "he", "hi", "zh", "ja", "ko", "id", "vi", "th",
)  # fmt: skip
_lock = threading.Lock()


@dataclass(frozen=True)
class Language:
    code: str
    """ISO 639-1, or "und" when there is too little text to tell or it is unclear."""
    confidence: float

    @property
    def supported(self) -> bool:
        return self.code in SUPPORTED or self.code == "und"


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(_CANDIDATES))
    return identifier


def detect(text: str) -> Language:
    sample = text[:_SAMPLE]
    if sum(c.isalpha() for c in sample) < _MIN_LETTERS:
        return Language("und", 0.0)
    with _lock:  # the identifier keeps per-call state
        code, confidence = _identifier().classify(sample)
    if confidence < _SURE:
        return Language("und", round(float(confidence), 3))
    return Language(str(code), round(float(confidence), 3))
