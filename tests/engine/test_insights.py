"""Insights about a person: hidden strengths with the facts that imply them, career paths
through O*NET's related occupations, transfer toward a goal, and skills worth learning."""

from engine import NotFound, Runtime
from engine.people import Scope

from .test_matching import CV, JOB, _job, _person, tenant

DJANGO_CV = """Alex Kim
EXPERIENCE
Software Developer, Initech
Jan 2019 - Present
Built web applications with Django and PostgreSQL.
"""


async def test_insights_explain_strengths_paths_and_what_to_learn(runtime: Runtime) -> None:
    t = tenant()
    person = await _person(runtime, t, DJANGO_CV)
    await _job(runtime, t, JOB)
    found = await runtime.advisor.insights(Scope(t, person), goal="Database Administrators")
    assert found.occupations and "Software Developers" in found.occupations[0]
    # a developer's role implies what developers need, though the CV never says it; O*NET
    # rates no skills for Software Developers, so the ratings of a related occupation stand in
    strengths = {h.name: h for h in found.hidden_strengths}
    from_role = [h for h in found.hidden_strengths if h.implied_by[0].value == "Software Developer"]
    assert from_role and all(h.implied_by[0].text for h in from_role), list(strengths)
    assert not {"Django", "PostgreSQL"} & set(strengths)  # claimed, so not hidden
    # further down the list: what developers need by O*NET's ratings, borrowed from a related
    # occupation; and never what nearly every occupation needs (Active Listening)
    profile = (await runtime.matcher.profiles(t, [person], private=True))[person]
    every = {h.name: h for h in await runtime.advisor.hidden(profile, limit=1000)}
    knowledge = every["Programming"]
    assert knowledge.implied_by[0].value == "Software Developer" and knowledge.implied_by[0].text
    assert "rates it through" in knowledge.reason
    assert "Active Listening" not in every and "Critical Thinking" not in every
    scores = [h.score for h in found.hidden_strengths]
    assert scores == sorted(scores, reverse=True)
    # paths: ranked, each step with its move and what to gain
    assert found.career_paths
    first = found.career_paths[0]
    assert first.steps[-1] == first.target and first.target.move in (
        "advancement",
        "lateral",
        "step_down",
    )
    assert all(0 <= p.target.overlap <= 1 for p in found.career_paths)
    path_scores = [p.score for p in found.career_paths]
    assert path_scores == sorted(path_scores, reverse=True)
    # the goal: how far the profile carries, and the largest gaps
    assert found.transfer is not None and found.transfer.code == "15-1242.00"
    assert 0 < found.transfer.similarity < 1 and found.transfer.gaps
    # the job asks for Python and Docker, which the person lacks: learning them would help
    learn = {r.name for r in found.recommendations}
    assert {"Python", "Docker"} & learn, learn
    assert all(r.jobs_improved >= 1 and r.average_gain > 0 for r in found.recommendations)


async def test_insights_for_an_unknown_or_empty_person(runtime: Runtime) -> None:
    t = tenant()
    try:
        await runtime.advisor.insights(Scope(t, "nobody"))
    except NotFound as e:
        assert "no person" in e.message
    else:
        raise AssertionError("an unknown person must be an error")
    person = await _person(runtime, t, CV.format(name="Jane Roe", pronoun="She"))
    found = await runtime.advisor.insights(Scope(t, person))
    assert found.transfer is None and found.hidden_strengths
