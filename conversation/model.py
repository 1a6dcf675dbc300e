"""The shapes of an interview: goals, gaps, questions, turns, replies. GraphQL types and the
CLI's output are derived from these."""

from enum import StrEnum

from pydantic import BaseModel, Field

__all__ = [
    "AnswerShape",
    "FactChangeKind",
    "Gap",
    "GapKind",
    "Goal",
    "GoalKind",
    "LearnedFact",
    "Progress",
    "Question",
    "Reply",
    "SessionInfo",
    "SessionStatus",
    "Turn",
]


class GoalKind(StrEnum):
    OCCUPATION = "occupation"
    JOB = "job"


class Goal(BaseModel):
    kind: GoalKind
    id: str = Field(description="an O*NET-SOC code, or a job id of the tenant")
    title: str


class Order(StrEnum):
    """How questions are chosen: the agent's way, or one of the baselines `bench.interview`
    measures it against."""

    ADAPTIVE = "adaptive"
    """the most valuable open gap next, kin grouped, follow-ups"""
    GAP_ORDER = "gap_order"
    """the same open gaps one at a time in the CV's section order (knows the gaps, does not
    weigh them)"""
    QUESTIONNAIRE = "questionnaire"
    """a fixed questionnaire: every role, every requirement of the goal, its work styles, in
    a fixed order, whatever the profile already shows"""


class GapKind(StrEnum):
    MISSING_SKILL = "missing_skill"
    """an important skill, knowledge element or technology with no evidence"""
    SKILLS_LIST_ONLY = "skills_list_only"
    """a skill the goal needs whose only evidence is a bare skills list"""
    UNDATED_ROLE = "undated_role"
    """a role without dates or a duration"""
    CONFLICT = "conflict"
    """sources disagree on when a role or degree was"""
    LOW_CONFIDENCE = "low_confidence"
    """a fact the extractors were unsure of"""
    NO_ACHIEVEMENT = "no_achievement"
    """a key role with no achievement"""
    WORK_STYLE = "work_style"
    """a work style the goal rates high, with no evidence"""
    NO_EXPERIENCE = "no_experience"
    """no role that counts as experience for the goal (a role the documents left out?)"""


class AnswerShape(StrEnum):
    YES_NO = "yes_no"
    DURATION = "duration"
    DATE = "date"
    CHOICE = "choice"
    FREE_TEXT = "free_text"


class Gap(BaseModel):
    """Something the profile lacks for the goal, and what closing it is worth."""

    id: str = Field(description="stable within a session: kind and what it is about")
    kind: GapKind
    name: str = Field(description="what it is about, in words")
    onet_ids: list[str] = Field(default_factory=list)
    fact_ids: list[str] = Field(default_factory=list)
    importance: float = Field(description="0-1: how much the goal needs it")
    uncertainty: float = Field(description="0-1: how unknown it is now")
    gain: float = Field(description="match points closing it could add")
    value: float = Field(description="importance x uncertainty x gain: what asking is worth")


class Question(BaseModel):
    id: str
    template: str = Field(description="the template (prompts/questions.v1.toml) it came from")
    text: str
    gaps: list[Gap] = Field(description="what it asks about")
    shapes: list[AnswerShape] = Field(description="the answers it expects")
    choices: list[str] = Field(default_factory=list, description="items to pick from")
    follow_up: bool = Field(default=False, description="asks more about the last answer")


class FactChangeKind(StrEnum):
    CREATED = "created"
    CONFIRMED = "confirmed"
    UPDATED = "updated"
    EVIDENCED = "evidenced"
    """an existing fact got the answer as more evidence"""


class LearnedFact(BaseModel):
    fact_id: str
    kind: str
    value: str
    onet_id: str | None = Field(default=None, description="the O*NET term it is linked to")
    change: FactChangeKind
    detail: str = Field(description="what changed, in words")
    quote: str = Field(description="the words of the answer it rests on")


class Progress(BaseModel):
    questions: int = Field(description="questions asked so far")
    limit: int = Field(description="the most this session asks")
    gaps_closed: int
    gaps_open: int
    engagement: float = Field(description="0-1: how engaged the answers read (1: fully)")


class SessionStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class Turn(BaseModel):
    number: int
    at: str
    question: Question | None
    answer: str
    facts: list[LearnedFact] = Field(default_factory=list)
    skipped: bool = False


class Reply(BaseModel):
    """What the agent says after an answer (or at the start)."""

    session_id: str
    status: SessionStatus
    message: str = Field(description="what to show the person: the next question, or the end")
    question: Question | None = Field(description="null once the interview is over")
    learned: list[LearnedFact] = Field(default_factory=list)
    progress: Progress
    summary: str | None = Field(default=None, description="set when the interview ends")


class SessionInfo(BaseModel):
    id: str
    person_id: str
    goal: Goal
    status: SessionStatus
    started_at: str
    question: Question | None = Field(
        default=None, description="the question waiting for an answer (null once ended)"
    )
    turns: list[Turn] = Field(default_factory=list)
