"""The matching index: rankings scored from a tenant's arrays agree with rankings read from the
graph, and the arrays follow every change to the tenant's facts, people and jobs."""

import asyncio
from datetime import date

import numpy as np
import pytest

from engine import Runtime
from engine.facts.model import EvidenceKind, Visibility
from engine.matching import Matcher
from engine.matching.index import IndexUnavailable, MatchIndex
from engine.matching.ladder import strength, strength_inputs, strengths
from engine.matching.profile import PersonFact
from engine.matching.terms import TermCache
from engine.people import Scope

from .test_matching import CV, WEAK_CV, _job, _person, tenant

DATA_CV = """{name}
EXPERIENCE
Data Engineer, Umbrella
Feb 2019 - Present
Built Spark and Airflow pipelines in Python and Scala; loaded Snowflake with SQL.
SKILLS
Tableau, Excel, PostgreSQL
"""
OFFICE_JOB = """Office Coordinator
Requirements: Google Sheets and Google Slides. Nice to have: Zoom.
"""
DATA_JOB = """Data Engineer
Requirements: 3+ years with Python, Apache Spark and SQL. Experience with Apache Airflow.
Nice to have: Snowflake, Tableau.
"""


def _indexed(runtime: Runtime) -> Matcher:
    """A matcher on arrays only (no answer cache: every ranking is computed)."""
    return Matcher(
        runtime.store, index=MatchIndex(runtime.store, runtime.redis, TermCache(runtime.store))
    )


async def test_a_ranking_from_the_arrays_is_the_ranking_from_the_graph(runtime: Runtime) -> None:
    t = tenant()
    people = [
        await _person(runtime, t, CV.format(name="Jane Roe", pronoun="She")),
        await _person(runtime, t, WEAK_CV.format(name="Sam Lee")),
        await _person(runtime, t, DATA_CV.format(name="Ana Diaz")),
    ]
    jobs = [
        await _job(runtime, t),
        await _job(runtime, t, DATA_JOB),
        await _job(runtime, t, OFFICE_JOB),  # terms nobody has: reached by commodity
    ]
    indexed, graph = _indexed(runtime), Matcher(runtime.store)
    for job in jobs:
        fast = await indexed.match_candidates(t, job, first=10)
        slow = await graph.match_candidates(t, job, first=10)
        assert slow.items, slow
        fast_scores = {m.person_id: m.score for m in fast.items}
        for match in slow.items:  # everyone the graph reaches, the arrays reach, same score
            assert fast_scores[match.person_id] == match.score, (job, match.person_id)
        # the explained page carries the ranked value
        assert [m.score for m in fast.items] == sorted((m.score for m in fast.items), reverse=True)
        assert len(fast.items) == 1 or all(m.percentile is not None for m in fast.items)
    for person in people:
        fast = await indexed.match_jobs(Scope(t, person), first=10, percentiles=False)
        slow = await graph.match_jobs(Scope(t, person), first=10, percentiles=False)
        fast_scores = {m.job_id: m.score for m in fast.items}
        for match in slow.items:
            assert fast_scores[match.job_id] == match.score, (person, match.job_id)


async def test_the_arrays_follow_edits_privacy_deletions_and_new_people(runtime: Runtime) -> None:
    t = tenant()
    jane = await _person(runtime, t, CV.format(name="Jane Roe", pronoun="She"))
    sam = await _person(runtime, t, WEAK_CV.format(name="Sam Lee"))
    job = await _job(runtime, t)
    matcher = _indexed(runtime)

    async def scores() -> dict[str, float]:
        page = await matcher.match_candidates(t, job, first=10)
        return {m.person_id: m.score for m in page.items}

    before = await scores()
    assert set(before) == {jane, sam}
    scope = Scope(t, jane)
    skills = {f.value: f.id for f in (await runtime.facts.facts(scope, "skill", 50, 0)).items}
    # a deleted fact no longer counts
    await runtime.facts.delete(scope, skills["Python"], jane)
    after_delete = await scores()
    assert after_delete[jane] < before[jane]
    # nor does a fact the person made private (a recruiter's ranking)
    await runtime.facts.set_visibility(scope, skills["PostgreSQL"], jane, Visibility.PRIVATE)
    after_private = await scores()
    assert after_private[jane] < after_delete[jane]
    # the person still sees their private fact count in their own job matches
    own = await matcher.match_jobs(scope, first=5, private=True, percentiles=False)
    shown = await matcher.match_jobs(scope, first=5, private=False, percentiles=False)
    assert own.items[0].score > shown.items[0].score
    # a new person is ranked at once, a deleted one is gone at once
    ana = await _person(runtime, t, CV.format(name="Ana Diaz", pronoun="She"))
    assert ana in await scores()
    await runtime.privacy.delete_person(Scope(t, sam), "test")
    assert set(await scores()) == {jane, ana}
    # a new job is matched for people at once
    data_job = await _job(runtime, t, DATA_JOB)
    page = await matcher.match_jobs(Scope(t, ana), first=10, percentiles=False)
    assert data_job in {m.job_id for m in page.items}


async def test_array_strengths_are_the_scalar_strengths() -> None:
    today = date(2026, 6, 1)
    facts = [
        PersonFact(
            f"f{i}", "skill", "x", None, "t", confidence, None, valid_to, months, [], [kind.value]
        )
        for i, (kind, confidence, valid_to, months) in enumerate(
            (kind, confidence, valid_to, months)
            for kind in EvidenceKind
            for confidence in (0.2, 0.5, 0.93)
            for valid_to in (None, "2025", "2019-04", "2001", "n/a")
            for months in (None, 0, 7, 24, 90)
        )
    ]
    columns = np.asarray([strength_inputs(f) for f in facts], dtype=np.float64).T
    vector = strengths(columns[0], columns[1], columns[2], columns[3], today)
    assert list(vector) == [strength(f, today) for f in facts]


async def test_a_large_tenant_is_ranked_from_the_graph_while_its_arrays_are_built(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    t = tenant()
    jane = await _person(runtime, t, CV.format(name="Jane Roe", pronoun="She"))
    job = await _job(runtime, t)
    index = MatchIndex(runtime.store, runtime.redis, TermCache(runtime.store), inline=0)
    matcher = Matcher(runtime.store, index=index)
    first = await matcher.match_candidates(t, job, first=5)  # from the graph: arrays not ready
    assert [m.person_id for m in first.items] == [jane]
    assert "reading candidates from the graph" in caplog.text
    for _ in range(100):  # the build runs in the background
        await asyncio.sleep(0.05)
        try:
            arrays = await index.people(t)
            break
        except IndexUnavailable:
            continue
    else:
        raise AssertionError("the arrays were never built")
    assert arrays.position.keys() >= {jane}
    again = await matcher.match_candidates(t, job, first=5)
    assert [(m.person_id, m.score) for m in again.items] == [
        (m.person_id, m.score) for m in first.items
    ]
