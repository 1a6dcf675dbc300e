"""The interview agent: start a session for a goal, take answers, ask the next most valuable
question, end with a summary. Every fact it learns goes through the fact store with the turn
as its evidence."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from engine import InvalidInput
from engine.bounds import check_text
from engine.documents.text import ExtractedText, Page
from engine.facts import FactKind, FactStore, StoredFact
from engine.intake import link_roles
from engine.matching import Matcher, Profile, score
from engine.people import Scope, now
from engine.search import Search
from prompts import render

from .answers import Polarity, read_answer
from .fatigue import OFFER_STOP_BELOW, SHORTEN_BELOW
from .gaps import LOW_CONFIDENCE, find_gaps, questionnaire
from .goals import Goals, GoalSpec
from .model import (
    AnswerShape,
    Gap,
    LearnedFact,
    Order,
    Progress,
    Question,
    Reply,
    SessionInfo,
    SessionStatus,
    Turn,
)
from .phrasing import Phrasing
from .questions import follow_up, next_question
from .recording import facts_by_id, record
from .session import Sessions, SessionState
from .understanding import Understood, understand

__all__ = ["MAX_ANSWER_CHARS", "Interviewer"]

MAX_ANSWER_CHARS = 10_000
_FACTS = 500
_STOP_WORDS = {"stop", "quit", "exit", "end", "enough", "that's all", "thats all"}
_STOP_PHRASES = ("stop ", "let's stop", "lets stop", "end the interview", "no more questions",
                 "i want to stop", "i'd like to stop")  # fmt: skip
"""What ends an interview whatever was asked; to the offer to stop, a no or "done" too"""


class Interviewer:
    def __init__(
        self,
        facts: FactStore,
        matcher: Matcher,
        goals: Goals,
        sessions: Sessions,
        pipeline: Callable[[], Awaitable[Any]],
        search: Search,
        limit: int,
        *,
        order: Order = Order.ADAPTIVE,
        phrasing: Phrasing | None = None,
    ) -> None:
        """`pipeline`: the document pipeline, built on first use (its extractors read answers);
        `search`: links the job titles they read that the dictionary does not know."""
        self._facts = facts
        self._matcher = matcher
        self._goals = goals
        self._sessions = sessions
        self._pipeline = pipeline
        self._search = search
        self._limit = limit
        self._order = order
        self._phrasing = phrasing or Phrasing()

    # --- the session ------------------------------------------------------------------------

    async def start(self, scope: Scope, goal: str, limit: int | None = None) -> Reply:
        resolved = await self._goals.resolve(scope.tenant, goal)
        state = await self._sessions.create(scope, resolved, min(limit or self._limit, 100))
        return await self._ask(state, [], None)

    async def change_goal(self, tenant: str, session: str, goal: str) -> Reply:
        resolved = await self._goals.resolve(tenant, goal)
        async with self._sessions.lock(tenant, session):
            state = await self._sessions.load(tenant, session)
            _active(state)
            state.goal, state.asked, state.pending = resolved, [], None
            await self._sessions.mark(state)
            return await self._ask(state, [], f"Goal changed to {resolved.title}.")

    async def answer(self, tenant: str, session: str, text: str) -> Reply:
        check_text(text, "answer", MAX_ANSWER_CHARS)
        async with self._sessions.lock(tenant, session):
            state = await self._sessions.load(tenant, session)  # what the last answer left
            _active(state)
            return await self._take(state, text)

    async def resume(self, tenant: str, session: str) -> Reply:
        """The question a session waits on, to carry on with it (after a restart, or later)."""
        async with self._sessions.lock(tenant, session):
            state = await self._sessions.load(tenant, session)
            _active(state)
            if state.pending is None:
                return await self._ask(state, [], None)
            question = state.pending
            return Reply(
                session_id=state.id, status=state.status, message=question.text,
                question=question, learned=[], progress=_progress(state, None),
            )  # fmt: skip

    async def end(self, tenant: str, session: str) -> Reply:
        async with self._sessions.lock(tenant, session):
            state = await self._sessions.load(tenant, session)
            return await self._finish(state, [], await self._gaps(state))

    async def session(self, tenant: str, session: str) -> SessionInfo:
        return await self._sessions.info(await self._sessions.load(tenant, session))

    async def open_gaps(self, tenant: str, session: str) -> list[Gap]:
        """What the profile still lacks for the session's goal, most valuable first."""
        return await self._gaps(await self._sessions.load(tenant, session))

    async def owner(self, tenant: str, session: str) -> str:
        """Whose session it is (the caller checks they may act for that person)."""
        return (await self._sessions.load(tenant, session)).person

    # --- one answer ---------------------------------------------------------------------------

    async def _take(self, state: SessionState, text: str) -> Reply:
        question = state.pending
        state.turns += 1
        facts = await self._facts_asked_about(state.scope, question)
        read = read_answer(text, question.choices if question else None)
        pause = time.time() - state.asked_at if state.asked_at else None
        engagement = state.fatigue()
        engagement.record(len(text.split()), read.polarity is Polarity.SKIP, pause)
        state.engagement = engagement.to_dict()
        offered = question is not None and question.template == "offer_stop"
        # "stop", at any question: the person decides when it ends (a skip takes the offer)
        if _wants_stop(text, offered) or (offered and read.polarity is Polarity.SKIP):
            await self._record_turn(state, question, text, [], read.polarity)
            return await self._finish(state, [], await self._gaps(state))
        if offered:
            await self._record_turn(state, question, text, [], read.polarity)
            return await self._ask(state, [], None)
        understood = Understood()
        if question is not None:
            extracted = []
            if read.polarity is not Polarity.SKIP:  # a skip says nothing to read
                extractor = (await self._pipeline()).extractor
                extracted = await asyncio.to_thread(_extract, extractor, text)
                await link_roles(self._search, extracted)
            understood = understand(
                question,
                read,
                state.turns,
                extracted,
                {f.id: f for f in facts},
                set(state.followed_up),
            )
            state.asked += [g.id for g in question.gaps if g.id not in state.asked]
        learned = await record(
            self._facts, state.scope, state.id, f"interview:{state.id}#{state.turns}",
            understood, facts, text,
        )  # fmt: skip
        await self._record_turn(state, question, text, learned, read.polarity)
        state.learned += learned
        state.closed += [g for g in understood.closed if g not in state.closed]
        note = (
            "I record what you tell me about yourself; instructions to me are not followed."
            if understood.ignored_instructions
            else None
        )
        adaptive = self._order is Order.ADAPTIVE
        if understood.follow_up and state.questions < state.limit and adaptive:
            gap, template = understood.follow_up
            state.followed_up.append(gap.id)
            return await self._pose(
                state, follow_up(gap, template, short=_short(state)), learned, note
            )
        return await self._ask(state, learned, note)

    async def _record_turn(
        self,
        state: SessionState,
        question: Question | None,
        text: str,
        learned: list[LearnedFact],
        polarity: Polarity,
    ) -> None:
        turn = Turn(
            number=state.turns,
            at=now(),
            question=question,
            answer=text,
            facts=learned,
            skipped=polarity is Polarity.SKIP,
        )
        await self._sessions.write_turn(state, turn)

    # --- the next question --------------------------------------------------------------------

    async def _ask(
        self, state: SessionState, learned: list[LearnedFact], note: str | None
    ) -> Reply:
        goal, gaps, facts_read = await self._analysis(state)
        if state.questions >= state.limit:
            return await self._finish(state, learned, gaps)
        engagement = state.fatigue().score
        if engagement < OFFER_STOP_BELOW and not state.offered_stop and state.questions >= 3:
            state.offered_stop = True
            text = render("questions", "offer_stop", short=False)
            offer = Question(
                id="offer_stop",
                template="offer_stop",
                text=text,
                gaps=[],
                shapes=[AnswerShape.YES_NO],
            )
            return await self._pose(state, offer, learned, note, gaps)
        pool = gaps
        if self._order is Order.QUESTIONNAIRE:  # the same items for everyone
            pool = questionnaire(goal, facts_read)
        question = next_question(
            pool,
            set(state.asked),
            state.goal.title,
            short=_short(state),
            conflicts=_conflicts(gaps, facts_read),
            kinds={f.id: f.kind.value for f in facts_read},
            fixed_order=self._order is not Order.ADAPTIVE,
        )
        if question is None:
            return await self._finish(state, learned, gaps)
        return await self._pose(state, question, learned, note, gaps)

    async def _pose(
        self,
        state: SessionState,
        question: Question,
        learned: list[LearnedFact],
        note: str | None,
        gaps: list[Gap] | None = None,
    ) -> Reply:
        if not question.follow_up and question.template != "offer_stop":
            worded = await self._phrasing.question(question, state.goal.title)
            question = question.model_copy(update={"text": worded})
        state.pending, state.asked_at = question, time.time()
        state.questions += 1
        progress = _progress(state, gaps)
        await self._sessions.save(state)
        message = f"{note} {question.text}" if note else question.text
        return Reply(
            session_id=state.id,
            status=state.status,
            message=message,
            question=question,
            learned=learned,
            progress=progress,
        )

    async def _finish(
        self, state: SessionState, learned: list[LearnedFact], gaps: list[Gap]
    ) -> Reply:
        state.status, state.pending = SessionStatus.ENDED, None
        progress = _progress(state, gaps)
        await self._sessions.mark(state)
        await self._sessions.save(state)
        remaining = [g for g in gaps if g.id not in state.closed]
        summary = render(
            "questions",
            "summary",
            learned=_list([f.detail for f in state.learned]) or "nothing new",
            remaining=_list([g.name for g in remaining[:5]]) or "nothing important",
        )
        return Reply(
            session_id=state.id,
            status=state.status,
            message=summary,
            question=None,
            learned=learned,
            progress=progress,
            summary=summary,
        )

    async def _gaps(self, state: SessionState) -> list[Gap]:
        return (await self._analysis(state))[1]

    async def _analysis(self, state: SessionState) -> tuple[GoalSpec, list[Gap], list[StoredFact]]:
        """The goal as matching reads it, the open gaps, and the person's facts they were
        found in."""
        goal = await self._goals.spec(state.tenant, state.goal)
        profiles = await self._matcher.profiles(state.tenant, [state.person], private=True)
        profile = profiles.get(state.person) or Profile(state.person)
        ontology = await self._matcher.ontology([goal.job], [profile])
        today = date.today()
        match = score(profile, goal.job, ontology, self._matcher.weights, today)
        facts = await self._person_facts(state.scope)
        worth = {  # what the match rests on each unsure role that counts as experience
            f.id: match.score - score(
                Profile(profile.person, [p for p in profile.facts if p.id != f.id]),
                goal.job, ontology, self._matcher.weights, today,
            ).score
            for f in facts
            if f.kind is FactKind.ROLE and f.confidence < LOW_CONFIDENCE
            and goal.job.counts_as_experience(f.onet_id)
        }  # fmt: skip
        gaps = find_gaps(goal, match, facts, worth)
        return goal, [g for g in gaps if g.id not in state.closed], facts

    async def _facts_asked_about(self, scope: Scope, question: Question | None) -> list[StoredFact]:
        """The facts the question was about (what an answer may confirm or correct)."""
        ids = sorted({f for g in (question.gaps if question else []) for f in g.fact_ids})
        return await facts_by_id(self._facts, scope, ids)

    async def _person_facts(self, scope: Scope) -> list[StoredFact]:
        page = await self._facts.facts(scope, None, _FACTS, 0, private=True, count=False)
        return page.items


def _progress(state: SessionState, gaps: list[Gap] | None) -> Progress:
    """Where the session stands (the open gaps as last counted: a follow-up does not count
    them again)."""
    if gaps is not None:
        state.open_gaps = len(gaps)
    return Progress(
        questions=state.questions,
        limit=state.limit,
        gaps_closed=len(state.closed),
        gaps_open=state.open_gaps,
        engagement=state.fatigue().score,
    )


def _conflicts(gaps: list[Gap], facts: list[StoredFact]) -> dict[str, str]:
    """Fact id -> the dates its sources give, for the conflicts asked about."""
    wanted = {f for g in gaps for f in g.fact_ids if g.kind.value == "conflict"}
    found = {}
    for fact in facts:
        if fact.id in wanted:
            dates = sorted(
                {f"{e.valid_from or '?'} to {e.valid_to or 'now'}" for e in fact.evidence
                 if e.valid_from}
            )  # fmt: skip
            found[fact.id] = " or ".join(dates)
    return found


def _extract(extractor: Any, text: str) -> list[Any]:
    return list(extractor.extract(ExtractedText([Page(1, text)], "txt")))


def _active(state: SessionState) -> None:
    if state.status is not SessionStatus.ACTIVE:
        raise InvalidInput(
            f"the interview {state.id} has ended", "start a new one with startInterview"
        )


def _short(state: SessionState) -> bool:
    return state.fatigue().score < SHORTEN_BELOW


def _wants_stop(text: str, offered: bool) -> bool:
    words = " ".join(text.lower().split()).strip(" .!")
    return (
        words in _STOP_WORDS
        or words.startswith(_STOP_PHRASES)
        or (offered and words in ("no", "done"))
    )


def _list(items: list[str]) -> str:
    return "; ".join(dict.fromkeys(items))
