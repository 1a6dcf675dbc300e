"""An answer to a question -> what it establishes: new facts (the turn is their evidence),
confirmations and corrections of existing facts (through the fact store's edit path), the gaps
it closes, and whether a follow-up is worth asking."""

import re
from dataclasses import dataclass, field

from engine.documents.fact_types import Fact, skill_identity
from engine.documents.injection import find_instructions
from engine.documents.text import ExtractedText, Page
from engine.facts import (
    EvidenceKind,
    FactBase,
    FactChange,
    FactKind,
    FactWrite,
    RelationKind,
    StoredFact,
    TurnEvidence,
)

from .answers import Polarity, ReadAnswer
from .model import Gap, Question

__all__ = ["Edit", "Understood", "understand"]

EXTRACTOR = "interview"
EXTRACTOR_VERSION = "1"
CLAIM = 0.8
"""Confidence of what a person states about themselves (a hedged answer: `HEDGED`)"""
HEDGED = 0.6
QUOTE = 300
"""Characters of an answer kept as a fact's quoted evidence"""
_STORY_WORDS = 15
"""A work-style answer tells a story (situation, action, result) from this many words"""
_FIRST_PERSON = re.compile(r"\b(i|we|my|our)\b", re.IGNORECASE)
_DENIED = re.compile(
    r"\b(never|not used|didn'?t use|did not use|haven'?t used|have not used|wrong|not true|"
    r"incorrect|mistake)\b",
    re.IGNORECASE,
)
_METRIC = re.compile(r"(?:[$€£]\s?\d[\d,.]*\s?[kKmM]?|\d[\d,.]*\s?(?:%|percent|x\b|k\b|m\b))")


@dataclass
class Edit:
    action: str
    """confirm, delete, update, or retract (a skill claimed earlier in the session: `fact_id`
    is then its O*NET id)"""
    fact_id: str
    change: FactChange | None = None


@dataclass
class Understood:
    writes: list[FactWrite] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    follow_up: tuple[Gap, str] | None = None
    """(gap, template) to ask next"""
    ignored_instructions: bool = False


def understand(
    question: Question,
    read: ReadAnswer,
    turn: int,
    extracted: list[Fact],
    facts: dict[str, StoredFact],
    followed_up: set[str],
) -> Understood:
    """`extracted`: what the document extractors read in the answer; `facts`: the person's
    facts by id; `followed_up`: gaps already followed up (never twice)."""
    found = Understood()
    instructions = find_instructions(ExtractedText([Page(1, read.text)], "txt"))
    if instructions:  # an answer that talks to a model is not taken as the person's word
        found.ignored_instructions = True
        return found
    quote = read.text[:QUOTE]
    if read.polarity is Polarity.SKIP:
        return found
    template = question.template
    if template in ("missing_skill", "follow_up_duration", "follow_up_where"):
        _skill_answer(
            found, question.gaps[0], read, turn, quote, followed_up, follow_up=question.follow_up
        )
    elif template == "missing_skills":
        _choice_answer(found, question, read, turn, quote)
    elif template == "skills_list_only":
        _bare_skill_answer(found, question.gaps[0], read, turn, quote, facts)
    elif template in ("undated_role", "conflict"):
        _dates_answer(found, question.gaps[0], read, turn, quote, facts)
    elif template == "no_achievement":
        _achievement_answer(found, question.gaps[0], read, turn, quote)
    elif template == "low_confidence":
        gap = question.gaps[0]
        if read.polarity in (Polarity.YES, Polarity.NO) and gap.fact_ids:
            action = "confirm" if read.polarity is Polarity.YES else "delete"
            found.edits.append(Edit(action, gap.fact_ids[0]))
            found.closed.append(gap.id)
    elif template == "work_style":
        _style_answer(found, question.gaps[0], read, turn, quote)
    found.writes += _stated(extracted, found.writes, read, turn, template)
    if template == "no_experience":  # closed by a role told, or by a no
        told = any(w.fact.kind == FactKind.ROLE for w in found.writes)
        if told or read.polarity is Polarity.NO:
            found.closed.append(question.gaps[0].id)
    return found


def _stated(
    extracted: list[Fact], writes: list[FactWrite], read: ReadAnswer, turn: int, template: str
) -> list[FactWrite]:
    """Whatever else the answer says, as the document extractors read it: skills and
    certifications linked to O*NET ("I used Python and SQL there"), and roles linked to an
    occupation ("I was a data analyst at Acme from 2019 to 2021") with their employers and
    the skills used in them. Each keeps the identity a document would give it, so a role or
    skill a CV has too becomes one fact with both sources. A bare title in passing ("as
    project manager I ...") is most likely a role the profile has already: a role is kept
    with an employer, dates or a duration, or when the question asked for one."""
    claimed = {w.fact.onet_id for w in writes if w.fact.kind is FactKind.SKILL}
    roles = [
        f for f in extracted
        if f.kind == FactKind.ROLE and f.onet_id
        and (f.employer or f.valid_from or read.months or template == "no_experience")
    ]  # fmt: skip
    employers = {link.identity for r in roles for link in r.links if link.kind == FactKind.EMPLOYER}
    stated = []
    for fact in extracted:
        if fact.kind in (FactKind.SKILL, FactKind.CERTIFICATION):
            if not fact.onet_id or fact.onet_id in claimed:
                continue  # unlinked, or the answer to the question says so already
            claimed.add(fact.onet_id)
        elif fact.kind == FactKind.EMPLOYER:
            if fact.identity not in employers:
                continue  # a company named without a role in it says nothing to keep
        elif not any(fact is role for role in roles):
            continue
        months = fact.months
        if fact.kind == FactKind.ROLE and months is None and len(roles) == 1:
            months = read.months  # "... at Google for three years"
        stated.append(_write(
            fact.kind, fact.value, fact.normalized, fact.onet_id, turn,
            _said(read.text, fact.evidence.start, fact.evidence.end), CLAIM, months=months,
            valid_from=fact.valid_from, valid_to=fact.valid_to, employer=fact.employer,
            identity=fact.identity,
            links=[(link.rel, link.kind, link.identity) for link in fact.links
                   if _kept(link.kind, link.identity, roles, employers)],
        ))  # fmt: skip
    return stated


def _said(text: str, start: int, end: int) -> str:
    """The sentence of an answer a fact was read in (at most `QUOTE` characters around it)."""
    left = max((text.rfind(c, 0, start) for c in ".!?\n"), default=-1) + 1
    stops = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    left, right = max(left, start - QUOTE // 2), min(right, end + QUOTE // 2)
    return text[left:right].strip()


def _kept(kind: FactKind, identity: str, roles: list[Fact], employers: set[str]) -> bool:
    """Whether a fact a stated one links to is written too."""
    if kind == FactKind.ROLE:
        return any(r.identity == identity for r in roles)
    return kind == FactKind.EMPLOYER and identity in employers


def _write(
    kind: FactKind,
    value: str,
    normalized: str | None,
    onet_id: str | None,
    turn: int,
    quote: str,
    confidence: float,
    *,
    months: int | None = None,
    valid_from: str | None = None,
    valid_to: str | None = None,
    fact_id: str | None = None,
    metric: str | None = None,
    link_ids: list[tuple[RelationKind, str]] | None = None,
    employer: str | None = None,
    identity: str | None = None,
    links: list[tuple[RelationKind, FactKind, str]] | None = None,
) -> FactWrite:
    """`identity`: what makes two mentions one fact (by default a document's skill identity,
    so an interview's claim and a CV's mention of one skill are one fact)."""
    return FactWrite(
        identity=identity or skill_identity(onet_id, value[:120]),
        fact=FactBase(
            kind=kind,
            value=value,
            normalized=normalized,
            onet_id=onet_id,
            confidence=confidence,
            months=months,
            valid_from=valid_from,
            valid_to=valid_to,
            metric=metric,
            employer=employer,
        ),
        evidence=TurnEvidence(
            kind=EvidenceKind.CONVERSATION,
            extractor=EXTRACTOR,
            extractor_version=EXTRACTOR_VERSION,
            confidence=confidence,
            months=months,
            valid_from=valid_from,
            valid_to=valid_to,
            turn=turn,
            text=quote,
        ),
        fact_id=fact_id,
        links=links or [],
        link_ids=link_ids or [],
    )


def _skill_answer(
    found: Understood,
    gap: Gap,
    read: ReadAnswer,
    turn: int,
    quote: str,
    followed_up: set[str],
    *,
    follow_up: bool = False,
) -> None:
    found.closed.append(gap.id)
    if read.polarity is Polarity.NO and follow_up and gap.onet_ids:
        # "how long did you use it?" - "I haven't": the yes before was wrong, take it back
        found.edits.append(Edit("retract", gap.onet_ids[0]))
        return
    if read.polarity is Polarity.NO or not gap.onet_ids:
        return
    if read.polarity is Polarity.UNSAID:
        return  # talk without a yes: the extractors below read what it names
    found.writes.append(_claim(gap, read, turn, quote, read.months))
    if read.months is None and not read.hedged and gap.id not in followed_up:
        found.follow_up = (gap, "follow_up_duration")


def _claim(gap: Gap, read: ReadAnswer, turn: int, quote: str, months: int | None) -> FactWrite:
    """The skill a gap is about, as the person states it (hedged: less sure)."""
    confidence = HEDGED if read.hedged else CLAIM
    return _write(FactKind.SKILL, gap.name, gap.name, gap.onet_ids[0], turn, quote, confidence,
                  months=months)  # fmt: skip


def _choice_answer(
    found: Understood, question: Question, read: ReadAnswer, turn: int, quote: str
) -> None:
    by_name = {g.name: g for g in question.gaps}
    if read.none_picked or read.polarity is Polarity.NO:
        found.closed += [g.id for g in question.gaps]
        return
    if not read.picked:
        return  # "yes" without saying which: the gaps stay open, asked
    months = read.months if len(read.picked) == 1 else None  # "Docker, two years"
    for name in read.picked:
        found.writes.append(_claim(by_name[name], read, turn, quote, months))
    found.closed += [g.id for g in question.gaps]  # the ones not picked: not held
    first = by_name[read.picked[0]]
    if read.months is None and not read.hedged:
        found.follow_up = (first, "follow_up_duration")


def _bare_skill_answer(
    found: Understood,
    gap: Gap,
    read: ReadAnswer,
    turn: int,
    quote: str,
    facts: dict[str, StoredFact],
) -> None:
    fact = facts.get(gap.fact_ids[0]) if gap.fact_ids else None
    if fact is None:
        return
    found.closed.append(gap.id)
    if read.polarity is Polarity.NO and _DENIED.search(read.text):
        found.edits.append(Edit("delete", fact.id))  # "No, I never really used it"
        return
    if read.polarity is Polarity.NO:
        return
    if read.months or read.start or len(read.text.split()) >= 4:
        found.writes.append(_more_evidence(fact, read, turn, quote))


def _dates_answer(
    found: Understood,
    gap: Gap,
    read: ReadAnswer,
    turn: int,
    quote: str,
    facts: dict[str, StoredFact],
) -> None:
    fact = facts.get(gap.fact_ids[0]) if gap.fact_ids else None
    if fact is None or not (read.months or read.start):
        return
    found.closed.append(gap.id)
    if read.start:  # a correction: the dates the person gives are the role's
        found.edits.append(
            Edit("update", fact.id, FactChange(valid_from=read.start, valid_to=read.end))
        )
    found.writes.append(_more_evidence(fact, read, turn, quote))


def _more_evidence(fact: StoredFact, read: ReadAnswer, turn: int, quote: str) -> FactWrite:
    """The answer as more evidence for a fact the person already has (its months, its dates)."""
    return _write(
        fact.kind, fact.value, fact.normalized, fact.onet_id, turn, quote, CLAIM,
        months=read.months, valid_from=read.start, valid_to=read.end, fact_id=fact.id,
    )  # fmt: skip


def _achievement_answer(
    found: Understood, gap: Gap, read: ReadAnswer, turn: int, quote: str
) -> None:
    if read.polarity is Polarity.NO or len(read.text.split()) < 3:
        found.closed.append(gap.id)
        return
    metric = _METRIC.search(read.text)
    found.writes.append(
        _write(
            FactKind.ACHIEVEMENT,
            quote,
            None,
            None,
            turn,
            quote,
            CLAIM,
            metric=metric.group(0) if metric else None,
            link_ids=[(RelationKind.AT, f) for f in gap.fact_ids],
        )
    )
    found.closed.append(gap.id)


def _style_answer(found: Understood, gap: Gap, read: ReadAnswer, turn: int, quote: str) -> None:
    found.closed.append(gap.id)
    story = len(read.text.split()) >= _STORY_WORDS and _FIRST_PERSON.search(read.text)
    if story and gap.onet_ids:
        found.writes.append(
            _write(FactKind.SKILL, gap.name, gap.name, gap.onet_ids[0], turn, quote, HEDGED)
        )
