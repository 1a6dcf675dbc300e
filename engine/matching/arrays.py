"""A tenant's people and jobs as arrays: what a ranking scores (`ranking`), kept current by
`index.MatchIndex`.

What they hold is what a recruiter may count (live facts the person has not made private), in
the same shapes `quick_score` reads: each linked skill or certification fact as (person, term,
evidence factor, year last used, months, confidence, strength), each linked role as (person,
occupation, ..., its months), and per person the roles and projects (experience) and best
degree (education). Jobs are kept whole (`JobSpec`).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from .ladder import strength, strength_inputs, strengths
from .profile import UNDATED_ROLE_MONTHS, JobSpec, PersonFact, Profile, role_months, span_months
from .terms import TermCache

__all__ = ["JobArrays", "PeopleArrays"]


class _Columns:
    """Growable numpy columns of one row type (amortised appends, rows never move)."""

    def __init__(self, **dtypes: Any) -> None:
        self._dtypes = dtypes
        self.size = 0
        self._data = {name: np.zeros(64, dtype=t) for name, t in dtypes.items()}

    def append(self, rows: dict[str, list[Any]]) -> tuple[int, int]:
        count = len(next(iter(rows.values())))
        need = self.size + count
        if need > len(next(iter(self._data.values()))):
            capacity = max(need, 2 * len(next(iter(self._data.values()))))
            for name, column in self._data.items():
                grown = np.zeros(capacity, dtype=self._dtypes[name])
                grown[: self.size] = column[: self.size]
                self._data[name] = grown
        for name, values in rows.items():
            self._data[name][self.size : need] = values
        start, self.size = self.size, need
        return start, need

    def __getitem__(self, name: str) -> Any:
        return self._data[name][: self.size]

    def keep(self, mask: Any) -> Any:
        """Drop the rows where `mask` is False; returns the new position of every kept row."""
        for name in self._data:
            kept = self[name][mask]
            self._data[name] = np.concatenate(
                [kept, np.zeros(max(64, len(kept)), dtype=self._dtypes[name])]
            )
        self.size = int(mask.sum())
        return np.cumsum(mask) - 1


_FACT_COLUMNS = {
    "person": np.int32,
    "item": np.int32,
    "kind": np.float64,
    "year": np.int32,
    "months": np.int32,
    "confidence": np.float64,
    "strength": np.float64,
    "span": np.float64,
}
"""`span`: for a role, the months it covers (as of the arrays' day)"""


def _fact_columns() -> _Columns:
    return _Columns(**_FACT_COLUMNS)


_PER_PERSON = ("education", "role_months", "any_months", "project_months")


def _person_columns() -> _Columns:
    return _Columns(
        education=np.int32, role_months=np.float64, any_months=np.float64,
        project_months=np.float64,
    )  # fmt: skip


_Dated = tuple[str, str | None, str | None, int | None, str | None]
"""kind, valid from, valid to, months, O*NET id"""


def _dated_fact(dated: _Dated) -> PersonFact:
    kind, valid_from, valid_to, months, onet_id = dated
    return PersonFact("", kind, "", None, onet_id, 1.0, valid_from, valid_to, months, [], [])


@dataclass
class PeopleArrays:
    """One tenant's people as a recruiter counts them, with what a score needs worked out for
    `day` (strengths fade with the years, an ongoing role grows): on another day, everything
    is worked out again once."""

    day: date
    people: list[str | None] = field(default_factory=list)
    """position -> person id (None once removed)"""
    position: dict[str, int] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    term_position: dict[str, int] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    code_position: dict[str, int] = field(default_factory=dict)
    skills: _Columns = field(default_factory=_fact_columns)
    """skill and certification facts; `item` is the term's position"""
    roles: _Columns = field(default_factory=_fact_columns)
    """role facts linked to an occupation; `item` is the occupation's position"""
    per_person: _Columns = field(default_factory=_person_columns)
    """by position: best degree, months in dated roles, and in dated roles and projects"""
    rows_of: dict[int, tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=dict)
    """person position -> (skill rows, role rows) now live"""
    dated: dict[int, tuple[_Dated, ...]] = field(default_factory=dict)
    """person position -> their roles and projects (experience is counted up to `day`), as
    plain tuples: the collector does not walk them"""
    dead_rows: int = 0
    _derived: dict[Any, Any] = field(default_factory=dict)

    def put(self, person: str, facts: list[PersonFact]) -> None:
        """The person's countable facts now (replacing what was held)."""
        self.remove(person)
        at = self.position.get(person)
        if at is None:
            at = self.position[person] = len(self.people)
            self.people.append(person)
            self.per_person.append({name: [0] for name in _PER_PERSON})
        self.people[at] = person
        profile = Profile(person, facts)
        skills = [f for f in profile.of_kind("skill", "certification") if f.onet_id]
        roles = [f for f in profile.of_kind("role") if f.onet_id]
        self.rows_of[at] = (
            self.skills.append(self._rows(at, skills, self.terms, self.term_position)),
            self.roles.append(self._rows(at, roles, self.codes, self.code_position)),
        )
        self.dated[at] = tuple(
            (f.kind, f.valid_from, f.valid_to, f.months, f.onet_id)
            for f in profile.of_kind("role", "project")
        )
        self.per_person["education"][at] = profile.education_rank()[0]
        self._count_months(at)

    def remove(self, person: str) -> None:
        at = self.position.get(person)
        if at is None or self.people[at] is None:
            return
        for columns, (start, stop) in zip(
            (self.skills, self.roles), self.rows_of.pop(at), strict=True
        ):
            columns["kind"][start:stop] = 0.0  # a dead row shows nothing
            columns["strength"][start:stop] = 0.0
            columns["span"][start:stop] = 0.0  # nor counts as experience
            self.dead_rows += stop - start
        self.dated.pop(at, None)
        for name in _PER_PERSON:
            self.per_person[name][at] = 0
        self.people[at] = None
        if self.dead_rows > max(10_000, self.skills.size // 2):
            self._compact()

    def on(self, today: date) -> "PeopleArrays":
        """These arrays worked out for `today` (once per day)."""
        if today != self.day:
            self.day = today
            for columns in (self.skills, self.roles):
                columns["strength"][:] = strengths(
                    columns["kind"], columns["year"], columns["months"], columns["confidence"],
                    today,
                )  # fmt: skip
            for at in self.dated:
                self._count_months(at)
        return self

    def _count_months(self, at: int) -> None:
        facts = [_dated_fact(d) for d in self.dated.get(at, ())]
        profile = Profile("", facts)
        undated = UNDATED_ROLE_MONTHS * sum(
            1 for f in profile.of_kind("role") if not span_months(f, self.day)
        )
        self.per_person["role_months"][at] = profile.months_of("role", today=self.day) + undated
        self.per_person["any_months"][at] = (
            profile.months_of("role", "project", today=self.day) + undated
        )
        self.per_person["project_months"][at] = sum(
            span_months(f, self.day) for f in profile.of_kind("project")
        )
        if at in self.rows_of:  # each linked role's own months, in the order of its rows
            start, stop = self.rows_of[at][1]
            spans = [role_months(f, self.day) for f in profile.of_kind("role") if f.onet_id]
            self.roles["span"][start:stop] = spans

    def relevant_months(self, job: JobSpec, entry_level: bool) -> Any:
        """`Profile.experience_months` for everyone: months in the roles that count for the
        job (and projects, entry-level), never more than all of them together."""
        everything = self.months(entry_level)
        if job.occupation_code is None:
            return everything
        counts = np.fromiter((job.counts_as_experience(c) for c in self.codes), dtype=bool,
                             count=len(self.codes))  # fmt: skip
        rows: Any = np.flatnonzero(counts[self.roles["item"]]) if len(self.codes) else []
        counted = np.bincount(
            self.roles["person"][rows], weights=self.roles["span"][rows],
            minlength=len(self.people),
        )  # fmt: skip
        if entry_level:
            counted = counted + self.per_person["project_months"]
        return np.minimum(everything, counted)

    def _compact(self) -> None:
        for i, columns in enumerate((self.skills, self.roles)):
            moved = columns.keep(columns["kind"] > 0)
            for at, spans in list(self.rows_of.items()):
                start, stop = spans[i]
                new = (int(moved[start]), int(moved[stop - 1]) + 1) if stop > start else (0, 0)
                self.rows_of[at] = (new, spans[1]) if i == 0 else (spans[0], new)
        self.dead_rows = 0

    def _rows(
        self, at: int, facts: list[PersonFact], items: list[str], positions: dict[str, int]
    ) -> dict[str, list[Any]]:
        rows: dict[str, list[Any]] = {name: [] for name in _FACT_COLUMNS}
        for fact in facts:
            assert fact.onet_id is not None
            if fact.onet_id not in positions:
                positions[fact.onet_id] = len(items)
                items.append(fact.onet_id)
            values = (
                at, positions[fact.onet_id], *strength_inputs(fact), strength(fact, self.day),
                span_months(fact, self.day),
            )  # fmt: skip
            for name, value in zip(rows, values, strict=True):
                rows[name].append(value)
        return rows

    # --- what a ranking reads -------------------------------------------------------------

    def months(self, entry_level: bool) -> Any:
        """Months of dated roles (and projects, for an entry-level job) per position."""
        return self.per_person["any_months" if entry_level else "role_months"]

    def education_ranks(self) -> Any:
        return self.per_person["education"]

    def once(self, key: Any, make: Any) -> Any:
        """Something worked out from the arrays, kept while `key` holds (terms and
        occupations are only ever added, so their count is a key)."""
        if key not in self._derived:
            self._derived = {k: v for k, v in self._derived.items() if k[0] != key[0]}
            self._derived[key] = make()
        return self._derived[key]

    def units(self, cache: TermCache) -> tuple[Any, dict[str, list[int]]]:
        """The held terms' unit embeddings and commodities (`TermCache.space`)."""
        space: tuple[Any, dict[str, list[int]]]
        space = self.once(("units", len(self.terms)), lambda: cache.space(self.terms))
        return space


@dataclass
class JobArrays:
    """One tenant's jobs, whole."""

    jobs: dict[str, JobSpec] = field(default_factory=dict)
    of_owner: dict[str, set[str]] = field(default_factory=dict)
    version: int = 0
    derived: dict[Any, Any] = field(default_factory=dict)
    """arrays made from the jobs, for the version they were made from"""

    def put(self, owner: str, jobs: list[JobSpec]) -> None:
        for old in self.of_owner.pop(owner, set()):
            self.jobs.pop(old, None)
        for job in jobs:
            self.jobs[job.id] = job
            self.of_owner.setdefault(owner, set()).add(job.id)
        self.version += 1
