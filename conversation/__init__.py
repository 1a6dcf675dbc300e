"""Adaptive profile-building interviews: sessions, gap analysis against a goal, question
choice, answers -> facts (through the engine's fact store), fatigue."""

from typing import TYPE_CHECKING

from engine import InvalidInput

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
    Order,
    Progress,
    Question,
    Reply,
    SessionInfo,
    SessionStatus,
    Turn,
)
from .phrasing import ChatPhrasing, Phrasing
from .session import Sessions

if TYPE_CHECKING:
    from engine import Runtime, Settings

__all__ = [
    "MAX_ANSWER_CHARS",
    "AnswerShape",
    "ChatPhrasing",
    "FactChangeKind",
    "Gap",
    "GapKind",
    "Goal",
    "GoalKind",
    "Goals",
    "Interviewer",
    "LearnedFact",
    "Order",
    "Phrasing",
    "Progress",
    "Question",
    "Reply",
    "SessionInfo",
    "SessionStatus",
    "Sessions",
    "Turn",
    "interviewer",
]


def interviewer(
    runtime: "Runtime", *, order: Order = Order.ADAPTIVE, phrasing: Phrasing | None = None
) -> Interviewer:
    """The interview agent on the process's resources (`order`: the agent's, or a baseline
    `bench.interview` measures it against)."""
    settings = runtime.settings
    return Interviewer(
        runtime.facts,
        runtime.matcher,
        Goals(runtime.store, runtime.matcher, runtime.search),
        Sessions(runtime.store, runtime.redis, settings.interview_ttl_hours * 3600),
        runtime.document_pipeline,
        runtime.search,
        settings.interview_questions,
        order=order,
        phrasing=phrasing or _phrasing(settings),
    )


def _phrasing(settings: "Settings") -> Phrasing:
    """The templates' words, or a local model's (CAREERGRAPH_LLM=ollama, with the `llm` extra
    installed: `pip install careergraph[llm]`)."""
    if settings.llm == "none":
        return Phrasing()
    try:
        from langchain_ollama import ChatOllama
    except ImportError as e:
        raise InvalidInput(
            "CAREERGRAPH_LLM=ollama needs langchain-ollama",
            "install the llm extra (pip install 'careergraph[llm]') or set CAREERGRAPH_LLM=none",
        ) from e
    return ChatPhrasing(ChatOllama(model=settings.llm_model, base_url=settings.ollama_url))
