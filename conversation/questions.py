"""The next question: the most valuable gap not yet asked about, grouped with its kin ("which
of these have you used"), or a follow-up when the last answer was partial; phrased from the
versioned templates in `prompts/questions.v1.toml`."""

import hashlib

from prompts import render

from .model import AnswerShape, Gap, GapKind, Question

__all__ = ["GROUP", "follow_up", "next_question"]

GROUP = 4
"""Missing skills asked about together at most"""
_GROUP_SHARE = 0.5
"""A missing skill joins the group when it is worth at least this share of the first"""

_SHAPES = {
    GapKind.MISSING_SKILL: [AnswerShape.YES_NO, AnswerShape.DURATION, AnswerShape.FREE_TEXT],
    GapKind.SKILLS_LIST_ONLY: [AnswerShape.DURATION, AnswerShape.FREE_TEXT],
    GapKind.UNDATED_ROLE: [AnswerShape.DURATION, AnswerShape.DATE],
    GapKind.NO_ACHIEVEMENT: [AnswerShape.FREE_TEXT],
    GapKind.LOW_CONFIDENCE: [AnswerShape.YES_NO],
    GapKind.CONFLICT: [AnswerShape.DATE, AnswerShape.FREE_TEXT],
    GapKind.WORK_STYLE: [AnswerShape.FREE_TEXT],
    GapKind.NO_EXPERIENCE: [AnswerShape.YES_NO, AnswerShape.FREE_TEXT],
}


_SECTION_ORDER = [GapKind.NO_EXPERIENCE, GapKind.UNDATED_ROLE, GapKind.NO_ACHIEVEMENT,
                  GapKind.CONFLICT, GapKind.MISSING_SKILL, GapKind.SKILLS_LIST_ONLY,
                  GapKind.LOW_CONFIDENCE, GapKind.WORK_STYLE]  # fmt: skip
"""The baselines' order: the CV's sections, then the skills (most important first)"""


def next_question(
    gaps: list[Gap],
    asked: set[str],
    goal_title: str,
    *,
    short: bool = False,
    conflicts: dict[str, str] | None = None,
    kinds: dict[str, str] | None = None,
    fixed_order: bool = False,
) -> Question | None:
    """`asked`: gap ids asked about already (never asked again). `conflicts`: fact id -> the
    dates its sources give; `kinds`: fact id -> its kind (for the words). `fixed_order`: a
    plain questionnaire instead (section by section, one gap a question, whatever its worth):
    what the adaptive order is measured against."""
    open_gaps = [g for g in gaps if g.id not in asked and g.value > 0]
    if not open_gaps:
        return None
    if fixed_order:
        open_gaps.sort(key=lambda g: (_SECTION_ORDER.index(g.kind), -g.importance, g.name, g.id))
    first = open_gaps[0]
    if first.kind is GapKind.MISSING_SKILL and not fixed_order:
        kin = [
            g
            for g in open_gaps[1:]
            if g.kind is GapKind.MISSING_SKILL and g.value >= _GROUP_SHARE * first.value
        ]
        group = [first, *kin[: GROUP - 1]]
        if len(group) > 1:
            choices = [g.name for g in group]
            text = render(
                "questions",
                "missing_skills",
                short=short,
                goal=goal_title,
                choices=", ".join(choices),
            )
            return _question(
                "missing_skills", text, group, [AnswerShape.CHOICE, AnswerShape.FREE_TEXT], choices
            )
        text = render("questions", "missing_skill", short=short, goal=goal_title, skill=first.name)
    elif first.kind is GapKind.SKILLS_LIST_ONLY:
        text = render("questions", "skills_list_only", short=short, skill=first.name)
    elif first.kind in (GapKind.UNDATED_ROLE, GapKind.NO_ACHIEVEMENT):
        text = render("questions", first.kind.value, short=short, role=first.name)
    elif first.kind is GapKind.NO_EXPERIENCE:
        text = render("questions", "no_experience", short=short, goal=goal_title)
    elif first.kind is GapKind.LOW_CONFIDENCE:
        kind = (kinds or {}).get(first.fact_ids[0], "fact") if first.fact_ids else "fact"
        text = render("questions", "low_confidence", short=short, value=first.name, kind=kind)
    elif first.kind is GapKind.CONFLICT:
        dates = (conflicts or {}).get(first.fact_ids[0], "") if first.fact_ids else ""
        text = render(
            "questions", "conflict", short=short, value=first.name, dates=dates or "different dates"
        )
    else:
        text = render(
            "questions", "work_style", short=short, goal=goal_title, style=first.name.lower()
        )
    return _question(first.kind.value, text, [first], _SHAPES[first.kind])


def follow_up(gap: Gap, template: str, *, short: bool = False) -> Question:
    """Asks more about a gap the last answer only partly closed: how long, or where."""
    text = render("questions", template, short=short, skill=gap.name)
    shapes = [AnswerShape.DURATION] if template == "follow_up_duration" else [AnswerShape.FREE_TEXT]
    return _question(template, text, [gap], shapes, follow_up=True)


def _question(
    template: str,
    text: str,
    gaps: list[Gap],
    shapes: list[AnswerShape],
    choices: list[str] | None = None,
    *,
    follow_up: bool = False,
) -> Question:
    key = "|".join([template, *(g.id for g in gaps)])
    return Question(
        id=hashlib.sha1(key.encode()).hexdigest()[:12],
        template=template,
        text=text,
        gaps=gaps,
        shapes=shapes,
        choices=choices or [],
        follow_up=follow_up,
    )
