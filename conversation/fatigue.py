"""How engaged a person still is, from their answers: skips, answers getting shorter, longer
pauses. Low engagement shortens the questions, then offers to stop."""

from dataclasses import dataclass, field

__all__ = ["OFFER_STOP_BELOW", "SHORTEN_BELOW", "Engagement"]

SHORTEN_BELOW = 0.6
OFFER_STOP_BELOW = 0.35
_RECENT = 3
_SLOW_SECONDS = 120.0
"""A pause after which an answer counts as slow"""


@dataclass
class Engagement:
    lengths: list[int] = field(default_factory=list)
    skips: list[bool] = field(default_factory=list)
    pauses: list[float] = field(default_factory=list)
    """seconds between a question and its answer"""

    def record(self, words: int, skipped: bool, pause: float | None) -> None:
        self.lengths.append(words)
        self.skips.append(skipped)
        if pause is not None:
            self.pauses.append(max(0.0, pause))

    @property
    def score(self) -> float:
        """1: fully engaged; falls with recent skips, shrinking answers and slow replies."""
        if not self.skips:
            return 1.0
        recent = self.skips[-_RECENT:]
        skip_rate = sum(recent) / len(recent)
        early = self.lengths[:_RECENT]
        late = self.lengths[-_RECENT:]
        shrink = 0.0
        if len(self.lengths) > _RECENT and sum(early) > 0:
            shrink = max(0.0, 1 - (sum(late) / len(late)) / (sum(early) / len(early)))
        slow = sum(1 for p in self.pauses[-_RECENT:] if p > _SLOW_SECONDS) / _RECENT
        value = 1.0 - 0.7 * skip_rate - 0.2 * shrink - 0.1 * slow
        return round(max(0.0, min(1.0, value)), 3)

    def to_dict(self) -> dict[str, list[int] | list[bool] | list[float]]:
        return {"lengths": self.lengths, "skips": self.skips, "pauses": self.pauses}
