"""Interview sessions: the live state in Redis (with a TTL, so an idle session expires; the
embedded Redis persists it, so a restart loses nothing), every turn in the graph beside the
person (the conversation is evidence, exported and deleted with them)."""

import json
import uuid
from typing import Any

import redis.asyncio as aioredis
from pydantic import BaseModel, Field

from engine import NotFound
from engine.people import Scope, now
from engine.session_keys import person_sessions_key, session_key
from graph_schema import GraphStore
from graph_schema import queries as q

from .fatigue import Engagement
from .model import Goal, LearnedFact, Question, SessionInfo, SessionStatus, Turn

__all__ = ["SessionState", "Sessions"]

_LOCK_SECONDS = 30


class SessionState(BaseModel):
    id: str
    tenant: str
    person: str
    goal: Goal
    status: SessionStatus = SessionStatus.ACTIVE
    started_at: str
    limit: int
    questions: int = 0
    turns: int = 0
    asked: list[str] = Field(default_factory=list, description="gap ids asked about")
    closed: list[str] = Field(default_factory=list, description="gap ids the answers closed")
    followed_up: list[str] = Field(default_factory=list)
    pending: Question | None = None
    asked_at: float | None = None
    offered_stop: bool = False
    open_gaps: int = 0
    engagement: dict[str, list[Any]] = Field(default_factory=dict)
    learned: list[LearnedFact] = Field(default_factory=list)

    @property
    def scope(self) -> Scope:
        return Scope(self.tenant, self.person)

    def fatigue(self) -> Engagement:
        return Engagement(**self.engagement) if self.engagement else Engagement()


class Sessions:
    def __init__(self, store: GraphStore, redis: aioredis.Redis, ttl_seconds: int) -> None:
        self._store = store
        self._redis = redis
        self._ttl = ttl_seconds

    async def create(self, scope: Scope, goal: Goal, limit: int) -> SessionState:
        state = SessionState(
            id=uuid.uuid4().hex,
            tenant=scope.tenant,
            person=scope.person,
            goal=goal,
            started_at=now(),
            limit=limit,
        )
        await self.mark(state)
        await self._redis.sadd(person_sessions_key(scope), state.id)
        await self.save(state)
        return state

    async def mark(self, state: SessionState) -> None:
        """The session's node: its goal and status."""
        await self._store.execute(
            q.UPSERT_SESSION,
            {
                **state.scope.params,
                "session": state.id,
                "goal": state.goal.id,
                "goal_kind": state.goal.kind.value,
                "goal_title": state.goal.title,
                "now": state.started_at,
                "status": state.status.value,
            },
        )

    async def load(self, tenant: str, session: str) -> SessionState:
        raw = await self._redis.get(session_key(tenant, session))
        if raw is None:
            raise NotFound(
                f"no interview session {session!r} in your tenant (or it expired)",
                "start one with startInterview(personId, goal)",
            )
        return SessionState.model_validate_json(raw)

    async def save(self, state: SessionState) -> None:
        await self._redis.set(
            session_key(state.tenant, state.id), state.model_dump_json(), ex=self._ttl
        )

    def lock(self, tenant: str, session: str) -> Any:
        """One change of a session at a time (two tabs answering at once wait in turn)."""
        return self._redis.lock(
            session_key(tenant, session) + ":lock",
            timeout=_LOCK_SECONDS,
            blocking_timeout=_LOCK_SECONDS,
        )

    async def write_turn(self, state: SessionState, turn: Turn) -> None:
        await self._store.execute(
            q.WRITE_TURN,
            {
                **state.scope.params,
                "session": state.id,
                "id": f"{state.id}:{turn.number}",
                "number": turn.number,
                "at": turn.at,
                "question": turn.question.model_dump_json() if turn.question else None,
                "answer": turn.answer,
                "skipped": turn.skipped,
                "facts": json.dumps([f.model_dump(mode="json") for f in turn.facts]),
            },
        )

    async def info(self, state: SessionState) -> SessionInfo:
        rows = await self._store.execute(
            q.SESSION_TURNS, {**state.scope.params, "session": state.id}, read_only=True
        )
        turns = []
        for row in rows[0]["turns"] if rows else []:
            if row is None or row.get("number") is None:
                continue
            question = row.get("question")
            turns.append(
                Turn(
                    number=int(row["number"]),
                    at=str(row["at"]),
                    answer=str(row["answer"]),
                    question=Question.model_validate_json(question) if question else None,
                    facts=[LearnedFact(**f) for f in json.loads(row.get("facts") or "[]")],
                    skipped=bool(row.get("skipped")),
                )
            )
        return SessionInfo(
            id=state.id,
            person_id=state.person,
            goal=state.goal,
            status=state.status,
            started_at=state.started_at,
            question=state.pending if state.status is SessionStatus.ACTIVE else None,
            turns=turns,
        )
