"""Question templates render strictly; the next question groups kin gaps and never repeats."""

import pytest

from conversation.model import Gap, GapKind
from conversation.questions import GROUP, next_question
from prompts import PromptNotFound, PromptVariableMissing, load_table, render


def gap(name: str, value: float, kind: GapKind = GapKind.MISSING_SKILL) -> Gap:
    return Gap(id=f"{kind.value}:{name}", kind=kind, name=name, onet_ids=[name.lower()],
               importance=1, uncertainty=1, gain=value, value=value)  # fmt: skip


def test_a_template_refuses_an_unknown_name_or_a_missing_variable() -> None:
    with pytest.raises(PromptNotFound):
        render("questions", "no_such_template", skill="Python")
    with pytest.raises(PromptVariableMissing, match="skill"):
        render("questions", "missing_skill", goal="Data Scientists")
    with pytest.raises(PromptVariableMissing, match="unknown"):
        render("questions", "missing_skill", goal="x", skill="y", extra="z")


def test_every_question_template_has_text_and_a_short_form() -> None:
    for key, entry in load_table("questions").items():
        assert entry["text"].strip() and entry["short"].strip(), key


def test_missing_skills_of_similar_worth_are_asked_together() -> None:
    gaps = [gap("Docker", 4), gap("Kubernetes", 3.5), gap("Terraform", 1), gap("Go", 3)]
    question = next_question(gaps, set(), "Backend Engineers")
    assert question is not None and question.template == "missing_skills"
    assert question.choices == ["Docker", "Kubernetes", "Go"]  # Terraform is worth too little
    assert len(question.choices) <= GROUP and "Docker, Kubernetes, Go" in question.text


def test_a_gap_asked_about_is_never_asked_again() -> None:
    gaps = [gap("Docker", 4), gap("Acme role", 2, GapKind.UNDATED_ROLE)]
    first = next_question(gaps, set(), "Backend Engineers")
    assert first is not None and first.gaps[0].name == "Docker"
    second = next_question(gaps, {g.id for g in first.gaps}, "Backend Engineers")
    assert second is not None and second.template == "undated_role"
    assert "Acme role" in second.text
    assert next_question(gaps, {g.id for g in gaps}, "Backend Engineers") is None
