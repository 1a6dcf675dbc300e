"""Adaptive profile-building interviews: sessions, gap analysis against a goal, question
choice, answers -> facts (through the engine's fact store), fatigue."""

from typing import TYPE_CHECKING

from .agent import MAX_ANSWER_CHARS, Interviewer
from .goals import Goals
from .model import (
    AnswerShape,
    FactChangeKind,
    Gap,
    GapKind,
    Goal,
    GoalKind,
    LearnedFact,
    Progress,
    Question,
    Reply,
    SessionInfo,
    SessionStatus,
    Turn,
)
from .session import Sessions

if TYPE_CHECKING:
    from engine import Runtime

__all__ = [
    "MAX_ANSWER_CHARS",
    "AnswerShape",
    "FactChangeKind",
    "Gap",
    "GapKind",
    "Goal",
    "GoalKind",
    "Goals",
    "Interviewer",
    "LearnedFact",
    "Progress",
    "Question",
    "Reply",
    "SessionInfo",
    "SessionStatus",
    "Sessions",
    "Turn",
    "interviewer",
]


def interviewer(runtime: "Runtime", *, fixed_order: bool = False) -> Interviewer:
    """The interview agent on the process's resources (`fixed_order`: a plain questionnaire,
    the baseline `bench.interview` measures the agent against)."""
    settings = runtime.settings
    return Interviewer(
        runtime.facts,
        runtime.matcher,
        Goals(runtime.store, runtime.matcher, runtime.search),
        Sessions(runtime.store, runtime.redis, settings.interview_ttl_hours * 3600),
        runtime.document_pipeline,
        settings.interview_questions,
        fixed_order=fixed_order,
    )
