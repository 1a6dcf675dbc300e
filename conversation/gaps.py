"""What a person's profile lacks for their goal, each gap valued as importance x uncertainty x
how many match points closing it could add (from the matching engine's own score)."""

from engine.facts import EvidenceKind, FactKind, StoredFact
from engine.matching import MET, Category, CategoryName, Match

from .goals import GoalSpec
from .model import Gap, GapKind

__all__ = ["find_gaps", "questionnaire"]

LOW_CONFIDENCE = 0.6
"""Facts below this confidence are worth confirming"""
PROFILE_GAIN = 0.5
"""What a gap that moves no score is worth in match points (an achievement, a work style,
dates for a role the goal does not count): asked after what moves the match"""
_BARE = {EvidenceKind.SKILLS_LIST.value, EvidenceKind.SUMMARY.value, EvidenceKind.OTHER.value}
_KEY_ROLES = 2
_UNLISTED = 0.2
"""How likely a relevant role the documents leave out is (asked after the skills that
move the match most)"""


def find_gaps(
    goal: GoalSpec,
    match: Match,
    facts: list[StoredFact],
    role_worth: dict[str, float] | None = None,
) -> list[Gap]:
    """Every gap, most valuable first. `role_worth`: what the match would lose without each
    unsure role that counts as experience (the matching engine's score without it)."""
    weights = {c.name: c for c in match.categories}
    gaps = _skill_gaps(goal, match, weights, facts)
    gaps += _role_gaps(goal, match, facts)
    gaps += _fact_gaps(goal, match, weights, facts, role_worth or {})
    gaps += _style_gaps(goal, facts)
    best: dict[str, Gap] = {}
    for gap in gaps:  # one fact can meet several requirements: asked about once
        if gap.id not in best or gap.value > best[gap.id].value:
            best[gap.id] = gap
    return sorted(best.values(), key=lambda g: (-g.value, g.id))


def _gap(
    kind: GapKind,
    about: str,
    name: str,
    importance: float,
    uncertainty: float,
    gain: float,
    *,
    onet_ids: list[str] | None = None,
    fact_ids: list[str] | None = None,
) -> Gap:
    return Gap(
        id=f"{kind.value}:{about}",
        kind=kind,
        name=name,
        onet_ids=onet_ids or [],
        fact_ids=fact_ids or [],
        importance=round(importance, 3),
        uncertainty=round(uncertainty, 3),
        gain=round(gain, 3),
        value=round(importance * uncertainty * gain, 4),
    )


def _skill_gaps(
    goal: GoalSpec, match: Match, weights: dict[CategoryName, Category], facts: list[StoredFact]
) -> list[Gap]:
    by_id = {f.id: f for f in facts}
    counts = {
        True: sum(1 for s in match.skills if s.required),
        False: sum(1 for s in match.skills if not s.required),
    }
    gaps = []
    for skill in match.skills:
        category = weights[_category(skill.required)]
        gain = category.weight * (1 - skill.credit) / max(counts[skill.required], 1)
        importance = goal.importance.get(skill.onet_id, 1.0 if skill.required else 0.6)
        fact = by_id.get(skill.fact_id or "")
        if skill.credit < MET and (fact is None or skill.way is None or skill.credit == 0):
            gaps.append(
                _gap(
                    GapKind.MISSING_SKILL,
                    skill.onet_id,
                    skill.name,
                    importance,
                    1 - skill.credit,
                    gain,
                    onet_ids=[skill.onet_id],
                )
            )
        elif fact is not None and skill.credit < 1 and _bare(fact):
            gaps.append(
                _gap(
                    GapKind.SKILLS_LIST_ONLY,
                    fact.id,
                    fact.normalized or fact.value,
                    importance,
                    1 - skill.strength,
                    gain,
                    onet_ids=[skill.onet_id],
                    fact_ids=[fact.id],
                )
            )
    return gaps


def _bare(fact: StoredFact) -> bool:
    """Only a skills list (or a summary) says so: no role, project or course shows it."""
    kinds = {str(e.kind) for e in fact.evidence if e.kind}
    return bool(kinds) and kinds <= _BARE and fact.months is None


def _role_gaps(goal: GoalSpec, match: Match, facts: list[StoredFact]) -> list[Gap]:
    experience = next((c for c in match.categories if c.name is CategoryName.EXPERIENCE), None)
    weight = experience.weight if experience and experience.had_data else 0.0
    short = weight * (1 - (experience.score if experience else 0) / 100)
    roles = [f for f in facts if f.kind is FactKind.ROLE]
    undated = [r for r in roles if not r.valid_from and not r.months]
    achieved = {rel.id for f in facts if f.kind is FactKind.ACHIEVEMENT for rel in f.related} | {
        f.id for f in roles if any(r.kind is FactKind.ACHIEVEMENT for r in f.related)
    }
    gaps = []
    if short and not any(goal.job.counts_as_experience(r.onet_id) for r in roles):
        gaps.append(
            _gap(GapKind.NO_EXPERIENCE, goal.goal.id, goal.goal.title, 1.0, _UNLISTED, short)
        )
    for role in undated:
        counts = goal.job.counts_as_experience(role.onet_id)
        gain = max(short / max(len(undated), 1), PROFILE_GAIN) if counts else PROFILE_GAIN
        gaps.append(
            _gap(
                GapKind.UNDATED_ROLE,
                role.id,
                _role_name(role),
                1.0 if counts else 0.5,
                1.0,
                gain,
                fact_ids=[role.id],
            )
        )
    recent = sorted(
        roles,
        key=lambda r: (r.valid_to is None, r.valid_to or "", r.valid_from or ""),
        reverse=True,
    )[:_KEY_ROLES]
    for role in recent:
        if role.id not in achieved:
            gaps.append(
                _gap(
                    GapKind.NO_ACHIEVEMENT,
                    role.id,
                    _role_name(role),
                    0.6,
                    1.0,
                    PROFILE_GAIN,
                    fact_ids=[role.id],
                )
            )
    return gaps


def _role_name(role: StoredFact) -> str:
    name = role.value
    return f"{name} at {role.employer}" if role.employer else name


def _fact_gaps(
    goal: GoalSpec,
    match: Match,
    weights: dict[CategoryName, Category],
    facts: list[StoredFact],
    role_worth: dict[str, float],
) -> list[Gap]:
    """Conflicting dates, and unsure facts the match with the goal rests on (a skill that
    meets a requirement, a role that counts as experience): others are not worth a question."""
    used = {s.fact_id: s for s in match.skills if s.fact_id and s.credit > 0}
    counts = {
        True: sum(1 for s in match.skills if s.required),
        False: sum(1 for s in match.skills if not s.required),
    }
    gaps = []
    for fact in facts:
        if fact.conflict:
            gaps.append(
                _gap(
                    GapKind.CONFLICT,
                    fact.id,
                    _role_name(fact),
                    0.8,
                    1.0,
                    2 * PROFILE_GAIN,
                    fact_ids=[fact.id],
                )
            )
            continue
        if fact.confidence >= LOW_CONFIDENCE or fact.status.value == "confirmed":
            continue
        skill = used.get(fact.id)
        if skill is not None:
            category = weights[_category(skill.required)]
            gain = category.weight * skill.credit / max(counts[skill.required], 1)
        elif fact.kind is FactKind.ROLE and goal.job.counts_as_experience(fact.onet_id):
            gain = max(role_worth.get(fact.id, 0.0), PROFILE_GAIN)
        else:
            continue
        gaps.append(
            _gap(
                GapKind.LOW_CONFIDENCE,
                fact.id,
                fact.value,
                0.5,
                1 - fact.confidence,
                gain,
                fact_ids=[fact.id],
            )
        )
    return gaps


def _category(required: bool) -> CategoryName:
    return CategoryName.REQUIRED_SKILLS if required else CategoryName.PREFERRED_SKILLS


def _style_gaps(goal: GoalSpec, facts: list[StoredFact]) -> list[Gap]:
    shown = {f.onet_id for f in facts if f.onet_id}
    return [
        _gap(GapKind.WORK_STYLE, style_id, name, importance, 1.0, PROFILE_GAIN, onet_ids=[style_id])
        for style_id, name, importance in goal.work_styles
        if style_id not in shown
    ]


def questionnaire(goal: GoalSpec, facts: list[StoredFact]) -> list[Gap]:
    """A fixed questionnaire's items for a goal, as gaps (so answers are read the same way):
    how long each role lasted and what the latest two achieved, then every requirement of
    the goal (required first, most important first), then its work styles - the same for
    everyone, whatever their profile already shows. Items that are no gap close nothing."""
    roles = sorted(
        (f for f in facts if f.kind is FactKind.ROLE),
        key=lambda r: (r.valid_from or "", r.value),
        reverse=True,
    )
    items = [
        _gap(GapKind.UNDATED_ROLE, r.id, _role_name(r), 1.0, 1.0, 1.0, fact_ids=[r.id])
        for r in roles
    ]
    items += [
        _gap(GapKind.NO_ACHIEVEMENT, r.id, _role_name(r), 0.6, 1.0, 1.0, fact_ids=[r.id])
        for r in roles[:_KEY_ROLES]
    ]
    for required in (True, False):
        items += [
            _gap(GapKind.MISSING_SKILL, r.onet_id, r.name,
                 goal.importance.get(r.onet_id, 1.0 if required else 0.6), 1.0, 1.0,
                 onet_ids=[r.onet_id])
            for r in goal.job.requirements if r.required is required
        ]  # fmt: skip
    items += [
        _gap(GapKind.WORK_STYLE, style_id, name, importance, 1.0, 1.0, onet_ids=[style_id])
        for style_id, name, importance in goal.work_styles
    ]
    return items
