"""An optional chat model (langchain) may reword questions; it never sees an answer, never
decides a fact, and a bad or failing model leaves the template's words. Tested with
langchain-core's fake chat models: the only fakes in the suite, at the LLM boundary."""

from typing import Any

from langchain_core.language_models.fake_chat_models import FakeListChatModel

import conversation
from conversation import ChatPhrasing, GapKind
from conversation.model import AnswerShape, Gap, Question
from engine import Runtime

from .test_interview import _facts, _setup


class Recording(FakeListChatModel):
    """A fake chat model that keeps what it was sent."""

    seen: list[str] = []  # noqa: RUF012 (a pydantic field)

    async def ainvoke(self, messages: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.seen.append(" ".join(str(m.content) for m in messages))
        return await super().ainvoke(messages, *args, **kwargs)


def _question() -> Question:
    gaps = [
        Gap(
            id=f"missing_skill:{n}",
            kind=GapKind.MISSING_SKILL,
            name=n,
            onet_ids=[n],
            importance=1,
            uncertainty=1,
            gain=1,
            value=1,
        )
        for n in ("Docker", "Kubernetes")
    ]
    return Question(id="q", template="missing_skills", gaps=gaps, shapes=[AnswerShape.CHOICE],
                    text="Which have you used: Docker, Kubernetes?",
                    choices=["Docker", "Kubernetes"])  # fmt: skip


async def test_a_rewording_that_keeps_every_item_is_used() -> None:
    model = FakeListChatModel(responses=["Have you worked with Docker or Kubernetes?"])
    worded = await ChatPhrasing(model).question(_question(), "Backend Engineers")
    assert worded == "Have you worked with Docker or Kubernetes?"


async def test_a_rewording_that_drops_an_item_or_rambles_is_not() -> None:
    question = _question()
    for bad in ("Have you used Docker?", "Sure! Here it is: Docker? Kubernetes?", ""):
        model = FakeListChatModel(responses=[bad])
        assert await ChatPhrasing(model).question(question, "x") == question.text


async def test_a_failing_model_leaves_the_template() -> None:
    class Broken(FakeListChatModel):
        async def ainvoke(self, *args: Any, **kwargs: Any) -> Any:
            raise ConnectionError("ollama is not running")

    question = _question()
    assert await ChatPhrasing(Broken(responses=["x"])).question(question, "x") == question.text


async def test_the_model_words_questions_but_never_sees_answers_or_decides_facts(
    runtime: Runtime,
) -> None:
    scope, job = await _setup(runtime)
    model = Recording(responses=["Could you tell me which of these tools you know?"])
    Recording.seen = []
    agent = conversation.interviewer(runtime, phrasing=ChatPhrasing(model))
    reply = await agent.start(scope, job)
    assert reply.question is not None and model.seen
    secret = "Docker for two years, and my salary is 91234"
    reply = await agent.answer(scope.tenant, reply.session_id, secret)
    assert not any("91234" in sent for sent in model.seen)  # answers never reach the model
    assert "Docker" in await _facts(runtime, scope)  # the facts come from the engine alone
