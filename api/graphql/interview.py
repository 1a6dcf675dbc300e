"""Interviews over GraphQL: start one for a goal, answer, change the goal, end; read a
session's turns; a subscription that streams the agent's reply as it is written."""

from collections.abc import AsyncGenerator, Awaitable, Callable

import strawberry
from graphql import GraphQLError

import conversation
from engine import EngineError, InvalidInput, NotFound

from .context import Authenticated, Info, acting_for, owns_or_admin
from .types import convert

__all__ = ["InterviewMutation", "InterviewQuery", "InterviewSubscription"]


@strawberry.pydantic.type(name="InterviewGoal")
class Goal(conversation.Goal):
    """What the interview works toward: an O*NET occupation or a job of the tenant."""


@strawberry.pydantic.type(name="InterviewGap")
class Gap(conversation.Gap):
    """Something the profile lacks for the goal, with what closing it is worth."""


@strawberry.pydantic.type(name="InterviewQuestion")
class Question(conversation.Question):
    """A question, with what it asks about and the answers it expects."""

    gaps: list[Gap]  # type: ignore[assignment]


@strawberry.pydantic.type(name="LearnedFact")
class LearnedFact(conversation.LearnedFact):
    """A fact an answer created, confirmed or corrected, with the words it rests on."""


@strawberry.pydantic.type(name="InterviewProgress")
class Progress(conversation.Progress):
    """Questions asked against the limit, gaps closed and open, engagement."""


@strawberry.pydantic.type(name="InterviewReply")
class Reply(conversation.Reply):
    """The agent's reply: the next question (or the end), what was learned, progress."""

    question: Question | None  # type: ignore[assignment]
    learned: list[LearnedFact]  # type: ignore[assignment]
    progress: Progress  # type: ignore[assignment]


@strawberry.pydantic.type(name="InterviewTurn")
class Turn(conversation.Turn):
    """One question and its answer, with the facts it gave."""

    question: Question | None  # type: ignore[assignment]
    facts: list[LearnedFact]  # type: ignore[assignment]


@strawberry.pydantic.type(name="InterviewSession")
class Session(conversation.SessionInfo):
    """An interview session and every turn of it."""

    goal: Goal  # type: ignore[assignment]
    question: Question | None  # type: ignore[assignment]
    turns: list[Turn]  # type: ignore[assignment]


def _error(error: EngineError) -> GraphQLError:
    code = "NOT_FOUND" if isinstance(error, NotFound) else "BAD_INPUT"
    return GraphQLError(error.message, extensions={"code": code, "hint": error.hint})


async def _session_of(info: Info, session: str) -> str:
    """The session id, once the caller may act for its person. Someone else's session is
    answered exactly as one that does not exist: no way to learn that it does."""
    principal = info.context.require()
    missing = NotFound(
        f"no interview session {session[:64]!r} in your tenant (or it expired)",
        "start one with startInterview(personId, goal)",
    )
    if len(session) > 64:
        raise _error(missing)
    try:
        person = await info.context.interviewer.owner(principal.tenant, session)
    except NotFound:
        raise _error(missing) from None
    if not owns_or_admin(principal, person):
        raise _error(missing)
    return session


async def _in_session(
    info: Info,
    session_id: strawberry.ID,
    act: Callable[[conversation.Interviewer, str, str], Awaitable[conversation.Reply]],
) -> Reply:
    """`act(agent, tenant, session)` on a session the caller may take part in."""
    session = await _session_of(info, str(session_id))
    try:
        reply = await act(info.context.interviewer, info.context.require().tenant, session)
    except EngineError as e:
        raise _error(e) from None
    return convert(Reply, reply)


@strawberry.type
class InterviewQuery:
    @strawberry.field(
        description="An interview session with all its turns (the person, or an admin).",
        permission_classes=[Authenticated],
    )
    async def interview_session(self, info: Info, id: strawberry.ID) -> Session:
        session = await _session_of(info, str(id))
        try:
            found = await info.context.interviewer.session(info.context.require().tenant, session)
        except EngineError as e:
            raise _error(e) from None
        return convert(Session, found)


@strawberry.type
class InterviewMutation:
    @strawberry.mutation(
        description="Start an interview toward a goal: an O*NET-SOC code ('15-1252.00'), a job "
        "title ('data analyst') or the id of a job in your tenant. Returns the first question. "
        "For yourself, or (admins) for a person of your tenant.",
        permission_classes=[Authenticated],
    )
    async def start_interview(
        self, info: Info, goal: str, person_id: strawberry.ID | None = None,
        limit: int | None = None,
    ) -> Reply:  # fmt: skip
        scope = acting_for(info.context.require(), person_id, "interview a person")
        if limit is not None and not 1 <= limit <= 100:
            raise _error(InvalidInput("limit is 1 to 100 questions", "leave it out for 15"))
        if not await info.context.runtime.people.exists(scope):
            raise _error(NotFound(f"no person {scope.person!r} in your tenant",
                                  "upload a document for them first"))  # fmt: skip
        try:
            reply = await info.context.interviewer.start(scope, goal, limit)
        except EngineError as e:
            raise _error(e) from None
        return convert(Reply, reply)

    @strawberry.mutation(
        description="Answer the session's question: returns what was learned and the next one.",
        permission_classes=[Authenticated],
    )
    async def answer(self, info: Info, session_id: strawberry.ID, text: str) -> Reply:
        return await _in_session(info, session_id, lambda a, t, s: a.answer(t, s, text))

    @strawberry.mutation(
        description="Change the goal of a running interview; the next question is for the new "
        "one (what was learned stays).",
        permission_classes=[Authenticated],
    )
    async def set_interview_goal(self, info: Info, session_id: strawberry.ID, goal: str) -> Reply:
        return await _in_session(info, session_id, lambda a, t, s: a.change_goal(t, s, goal))

    @strawberry.mutation(
        description="End an interview: a summary of what was learned and what remains.",
        permission_classes=[Authenticated],
    )
    async def end_interview(self, info: Info, session_id: strawberry.ID) -> Reply:
        return await _in_session(info, session_id, lambda a, t, s: a.end(t, s))


@strawberry.type(description="A piece of the agent's reply as it is written.")
class ReplyChunk:
    text: str = strawberry.field(description="the next words of the message")
    reply: Reply | None = strawberry.field(description="the whole reply, on the last chunk")


@strawberry.type
class InterviewSubscription:
    @strawberry.subscription(
        description="Answer, and receive the agent's reply as it is written (word by word), "
        "then the whole reply.",
        permission_classes=[Authenticated],
    )
    async def interview_reply(
        self, info: Info, session_id: strawberry.ID, text: str
    ) -> AsyncGenerator[ReplyChunk, None]:
        reply = await _in_session(info, session_id, lambda a, t, s: a.answer(t, s, text))
        words = reply.message.split(" ")
        for i, word in enumerate(words):
            yield ReplyChunk(text=word if i == 0 else " " + word, reply=None)
        yield ReplyChunk(text="", reply=reply)
