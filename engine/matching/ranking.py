"""Rankings over arrays: `quick_score` for every candidate of a job, or for every job of a
person, at once. The same ladder, strengths, categories, weights and rounding as `scoring`, so
a ranked value is the score its explanation shows (a test holds them equal).

Candidates are reached through the requirement's ladder, not by scanning scores: a person is a
candidate when one of their facts is about the required term, a technology of its commodity,
a term whose embedding is within the calibrated threshold of it (a similarity search over the
tenant's terms), or an occupation that rates it important.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from .arrays import JobArrays, PeopleArrays
from .ladder import CREDIT, SIMILAR_THRESHOLD, Term, rounded, similar_credit, strength, unit
from .model import CategoryName, MatchWay
from .profile import EDUCATION_RANK, JobSpec, Profile, experience_asked, seniority
from .terms import TermCache
from .weights import Seniority, Weights, applied_weights

__all__ = ["JobTable", "Scored", "job_table", "rank_jobs", "rank_people"]

_SAME = CREDIT[MatchWay.SAME_NODE]
_CATEGORY = CREDIT[MatchWay.SAME_CATEGORY]
_ROLE = CREDIT[MatchWay.OCCUPATION_ELEMENT]
_CLOSE_TO_LEVEL = 50.0


@dataclass
class Scored:
    """Scores of everyone (or every job) a ranking reached: `names[at[i]]` scored `scores[i]`."""

    names: Sequence[str | None]
    at: Any
    scores: Any

    @classmethod
    def of(cls, found: dict[str, float]) -> "Scored":
        names = list(found)
        return cls(names, np.arange(len(names)), np.asarray(list(found.values()), dtype=float))

    def without(self, name: str) -> "Scored":
        """The same scores without `name`'s (a person among a job's other candidates)."""
        try:
            keep = self.at != self.names.index(name)
        except ValueError:
            return self
        return Scored(self.names, self.at[keep], self.scores[keep])

    def total(self, min_score: float) -> int:
        return int(np.count_nonzero(self.scores >= min_score))

    def page(self, offset: int, first: int, min_score: float) -> list[tuple[str, float]]:
        """Best first, ties by the smaller id; only the page is sorted in full."""
        kept = np.flatnonzero(self.scores >= min_score)
        wanted = offset + first
        if wanted < len(kept):  # everything scored at least the page's lowest score
            lowest = np.partition(-self.scores[kept], wanted - 1)[wanted - 1]
            kept = kept[self.scores[kept] >= -lowest]
        ranked = sorted(
            ((str(self.names[self.at[i]]), float(self.scores[i])) for i in kept),
            key=lambda kv: (-kv[1], kv[0]),
        )
        return ranked[offset:wanted]

    def ordered(self) -> Any:
        return np.sort(self.scores)


def _credits(
    wanted: str, term: Term | None, units: Any, by_category: dict[str, list[int]],
    position: dict[str, int],
) -> Any:  # fmt: skip
    """Credit per held term for one wanted term: same node, same commodity, or similarity."""
    credit = np.zeros(len(units), dtype=np.float64)
    vector = unit(term)
    if vector is not None and len(units) and vector.shape == units.shape[1:]:
        sims = (units @ vector).astype(np.float64)
        close = sims >= SIMILAR_THRESHOLD
        credit[close] = np.round(similar_credit(sims[close]), 4)
    for category in term.categories if term else ():
        credit[by_category.get(category, [])] = _CATEGORY
    if wanted in position:
        credit[position[wanted]] = _SAME
    return credit


def rank_people(
    arrays: PeopleArrays, job: JobSpec, terms: TermCache, weights: Weights, today: date
) -> Scored:
    """Every person the job's requirements reach, with their score (the job's owner left out)."""
    people = len(arrays.people)
    if not job.requirements or not people:
        return Scored.of({})
    arrays.on(today)
    units, by_category = arrays.units(terms)
    skills, roles = arrays.skills, arrays.roles
    skill_strength, role_strength = skills["strength"], roles["strength"]
    rating = _codes_rating(arrays, terms)
    best = np.zeros((len(job.requirements), people), dtype=np.float64)
    for i, requirement in enumerate(job.requirements):
        wanted = requirement.onet_id
        credit = _credits(wanted, terms.terms.get(wanted), units, by_category, arrays.term_position)
        per_row = credit[skills["item"]]
        rows = np.flatnonzero(per_row)
        np.maximum.at(
            best[i], skills["person"][rows], np.round(per_row[rows] * skill_strength[rows], 4)
        )
        codes = rating.get(wanted)
        if codes is not None:
            rows = np.flatnonzero(np.isin(roles["item"], codes))
            np.maximum.at(best[i], roles["person"][rows], np.round(_ROLE * role_strength[rows], 4))
    level = seniority(job)
    required = [i for i, r in enumerate(job.requirements) if r.required]
    preferred = [i for i, r in enumerate(job.requirements) if not r.required]
    months = arrays.relevant_months(job, level is Seniority.ENTRY)
    values = {
        CategoryName.REQUIRED_SKILLS: (bool(required), _share(best, required)),
        CategoryName.PREFERRED_SKILLS: (bool(preferred), _share(best, preferred)),
        CategoryName.EXPERIENCE: _experience(job, months),
        CategoryName.EDUCATION: _education(job, arrays.education_ranks()),
    }
    applied = applied_weights(weights, level, {k: had for k, (had, _) in values.items()})
    total = np.zeros(people, dtype=np.float64)
    for name, (_, value) in values.items():
        total = total + applied[name] * value / 100
    total = np.round(total, 2)
    reached = best.max(axis=0) > 0
    owner = arrays.position.get(job.owner)
    if owner is not None:
        reached[owner] = False
    at = np.flatnonzero(reached)
    return Scored(arrays.people, at, total[at])


def _codes_rating(arrays: PeopleArrays, terms: TermCache) -> dict[str, Any]:
    """Element -> positions of the held occupations that rate it important."""

    def make() -> dict[str, Any]:
        found: dict[str, list[int]] = {}
        for at, code in enumerate(arrays.codes):
            for element in terms.important.get(code, {}):
                found.setdefault(element, []).append(at)
        return {k: np.asarray(v, dtype=np.int32) for k, v in found.items()}

    found: dict[str, Any] = arrays.once(("rating", len(arrays.codes), len(terms.important)), make)
    return found


def _share(best: Any, rows: list[int]) -> Any:
    if not rows:
        return np.zeros(best.shape[1])
    return np.round(100 * best[rows].sum(axis=0) / len(rows), 2)


def _experience(job: JobSpec, months: Any) -> tuple[bool, Any]:
    wanted = experience_asked(job)
    if wanted is None:
        return False, 0.0
    if not wanted:
        return True, 100.0
    return True, np.round(np.minimum(1.0, months / (12 * wanted)) * 100, 2)


def _education(job: JobSpec, ranks: Any) -> tuple[bool, Any]:
    wanted = EDUCATION_RANK.get(job.education or "")
    if wanted is None:
        return False, 0.0
    return True, _education_values(ranks, wanted)


def _education_values(rank: Any, wanted: Any) -> Any:
    """100 at or above the level asked, 50 one level below, else 0."""
    return np.where(rank >= wanted, 100.0, np.where(rank == wanted - 1, _CLOSE_TO_LEVEL, 0.0))


# --- a person against every job --------------------------------------------------------------


@dataclass
class JobTable:
    """A tenant's jobs as arrays: one row per requirement, and per job what the experience
    and education categories ask."""

    jobs: list[JobSpec]
    ids: list[str]
    owners: Any
    terms: list[str]
    position: dict[str, int]
    units: Any
    by_category: dict[str, list[int]]
    row_job: Any
    row_term: Any
    row_required: Any
    required: Any
    """count of required requirements per job"""
    preferred: Any
    entry: Any
    """the job is entry-level (projects count as experience)"""
    weight_group: Any
    """index into `groups`: jobs with the same seniority and categories with data"""
    groups: list[tuple[Seniority, dict[CategoryName, bool]]]
    experience_min: Any
    """-1: the job names no experience; 0: none asked"""
    education: Any
    """-1: the job names no education"""
    occupation_group: Any
    """index into `by_occupation`: jobs of one occupation count the same roles as experience"""
    by_occupation: list[JobSpec]


def _job_table(arrays: JobArrays, cache: TermCache) -> JobTable:
    jobs = [arrays.jobs[i] for i in sorted(arrays.jobs)]
    position: dict[str, int] = {}
    row_job, row_term, row_required = [], [], []
    groups: dict[tuple[Any, ...], int] = {}
    weight_group, entry, experience, education = [], [], [], []
    occupations: dict[str | None, int] = {}
    occupation_group: list[int] = []
    by_occupation: list[JobSpec] = []
    for at, job in enumerate(jobs):
        if job.occupation_code not in occupations:
            occupations[job.occupation_code] = len(by_occupation)
            by_occupation.append(job)
        occupation_group.append(occupations[job.occupation_code])
        for r in job.requirements:
            row_job.append(at)
            row_term.append(position.setdefault(r.onet_id, len(position)))
            row_required.append(r.required)
        level = seniority(job)
        wanted = EDUCATION_RANK.get(job.education or "")
        asked = experience_asked(job)
        has_experience = asked is not None
        had = (
            any(r.required for r in job.requirements),
            any(not r.required for r in job.requirements),
            has_experience,
            wanted is not None,
        )
        weight_group.append(groups.setdefault((level, *had), len(groups)))
        entry.append(level is Seniority.ENTRY)
        experience.append(-1 if asked is None else asked)
        education.append(-1 if wanted is None else wanted)
    held = list(position)
    units, by_category = cache.space(held)
    rows = np.asarray(row_job, dtype=np.int32)
    required = np.asarray(row_required, dtype=bool)
    return JobTable(
        jobs, [j.id for j in jobs], np.asarray([j.owner for j in jobs], dtype=object), held,
        position, units, by_category, rows, np.asarray(row_term, dtype=np.int32),
        required, np.bincount(rows[required], minlength=len(jobs)),
        np.bincount(rows[~required], minlength=len(jobs)), np.asarray(entry, dtype=bool),
        np.asarray(weight_group, dtype=np.int32),
        [(key[0], dict(zip(_CATEGORIES, key[1:], strict=True))) for key in groups],
        np.asarray(experience, dtype=np.float64), np.asarray(education, dtype=np.int32),
        np.asarray(occupation_group, dtype=np.int32), by_occupation,
    )  # fmt: skip


_CATEGORIES = (
    CategoryName.REQUIRED_SKILLS,
    CategoryName.PREFERRED_SKILLS,
    CategoryName.EXPERIENCE,
    CategoryName.EDUCATION,
)


async def job_table(arrays: JobArrays, cache: TermCache) -> JobTable:
    """The arrays of the tenant's jobs now (built again after a job changed)."""
    key = ("table", arrays.version)
    table = arrays.derived.get(key)
    if table is None:
        await cache.load_terms({r.onet_id for j in arrays.jobs.values() for r in j.requirements})
        table = _job_table(arrays, cache)
        arrays.derived = {key: table}
    return table


def rank_jobs(
    table: JobTable, profile: Profile, terms: TermCache, weights: Weights, today: date
) -> Scored:
    """Every job the person's facts reach, with the person's score for it (their own jobs
    left out)."""
    if not table.jobs:
        return Scored.of({})
    value = np.zeros(len(table.terms), dtype=np.float64)
    for fact in profile.of_kind("skill", "certification"):
        if fact.onet_id is None:
            continue
        credit = _credits(
            fact.onet_id, terms.terms.get(fact.onet_id), table.units, table.by_category,
            table.position,
        )  # fmt: skip
        value = np.maximum(value, np.round(credit * strength(fact, today), 4))
    for role in profile.of_kind("role"):
        rated = [table.position[e] for e in terms.important.get(role.onet_id or "", {})
                 if e in table.position]  # fmt: skip
        if rated:
            value[rated] = np.maximum(value[rated], rounded(_ROLE * strength(role, today), 4))
    per_row = value[table.row_term]
    jobs = len(table.jobs)
    shares = []
    preferred = ~table.row_required
    for mask, counts in ((table.row_required, table.required), (preferred, table.preferred)):
        sums = np.bincount(table.row_job[mask], weights=per_row[mask], minlength=jobs)
        shares.append(np.round(100 * sums / np.maximum(counts, 1), 2))
    counted = np.asarray(  # by occupation, then entry-level or not
        [[profile.experience_months(job, entry, today) for entry in (False, True)]
         for job in table.by_occupation],
        dtype=np.float64,
    ).reshape(-1, 2)  # fmt: skip
    months = counted[table.occupation_group, table.entry.astype(np.int32)]
    asked = table.experience_min
    experience = np.where(
        asked > 0, np.round(np.minimum(1.0, months / (12 * np.maximum(asked, 1))) * 100, 2), 100.0
    )
    rank = profile.education_rank()[0]
    wanted = table.education
    education = _education_values(np.int32(rank), wanted)
    by_group = [applied_weights(weights, level, had) for level, had in table.groups]
    applied = np.asarray([[w[k] for k in _CATEGORIES] for w in by_group])[table.weight_group]
    total = np.zeros(jobs, dtype=np.float64)
    for i, category in enumerate((shares[0], shares[1], experience, education)):
        total = total + applied[:, i] * category / 100
    total = np.round(total, 2)
    reached = np.bincount(table.row_job, weights=per_row > 0, minlength=jobs) > 0
    reached &= table.owners != profile.person
    at = np.flatnonzero(reached)
    return Scored(table.ids, at, total[at])
