"""How a question is worded: the template's words, or (when an LLM is configured through
langchain) the model's rewording of them. The model never sees an answer and never decides a
fact or a score; what it writes is used only when it keeps every item the question names and
stays one short question, otherwise the template's words stand."""

import asyncio
import json
import logging
from typing import Any

from prompts import render

from .model import Question

__all__ = ["ChatPhrasing", "Phrasing"]

log = logging.getLogger(__name__)

_MAX_CHARS = 400
_TIMEOUT_S = 10.0


class Phrasing:
    """The templates' own words (no model)."""

    async def question(self, question: Question, goal: str) -> str:
        return question.text


class ChatPhrasing(Phrasing):
    """Questions reworded by a langchain chat model (a local one through langchain-ollama, or
    any `BaseChatModel`)."""

    def __init__(self, model: Any, timeout_s: float = _TIMEOUT_S) -> None:
        self._model = model
        self._timeout = timeout_s

    async def question(self, question: Question, goal: str) -> str:
        from langchain_core.messages import HumanMessage, SystemMessage

        data = json.dumps({"text": question.text, "choices": question.choices}, ensure_ascii=False)
        messages = [
            SystemMessage(content=render("phrasing", "system")),
            HumanMessage(content=render("phrasing", "question", goal=goal, question=data)),
        ]
        try:
            reply = await asyncio.wait_for(self._model.ainvoke(messages), self._timeout)
        except Exception as e:  # a model that fails or hangs costs the wording only
            log.warning("the chat model did not reword a question (%s); using the template", e)
            return question.text
        text = " ".join(str(getattr(reply, "content", "")).split()).strip("\"' ")
        return text if keeps(question, text) else question.text


def keeps(question: Question, text: str) -> bool:
    """The rewording still asks the same: one short question naming every item the original
    names (its choices, and what its gaps are about)."""
    if not text or len(text) > _MAX_CHARS or text.count("?") != 1 or "{" in text:
        return False
    lowered = text.lower()
    named = question.choices or [g.name for g in question.gaps if g.name.lower() in
                                 question.text.lower()]  # fmt: skip
    return all(name.lower() in lowered for name in named)
