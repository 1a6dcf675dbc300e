"""Recruiter exploration: a skill's neighbourhood (other technologies of its commodities,
technologies used with it, occupations that rate or use it, the tenant's people who have it),
and candidate search by skills with AND/OR and expansion through the ontology."""

from collections import defaultdict
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from graph_schema import GraphStore
from graph_schema import queries as q

from .errors import InvalidInput, NotFound
from .matching import Matcher
from .matching.ladder import strength
from .matching.model import MatchEvidence, MatchWay
from .search import Search

__all__ = ["CandidateHit", "Explorer", "GraphEdge", "GraphNode", "SkillGraph", "SkillHolder"]

_NEIGHBOURS = 25
_OCCUPATIONS = 25
_HOLDERS = 200
_MAX_SKILLS = 10
_EXPANSION = 30
"""Most other technologies of a skill's commodities a search adds when it expands."""


class GraphNode(BaseModel):
    id: str
    label: str
    name: str


class GraphEdge(BaseModel):
    source: str
    target: str
    rel: str
    weight: float | None = None


class SkillHolder(BaseModel):
    person_id: str
    fact_id: str
    value: str
    months: int | None
    evidence: list[MatchEvidence]


class SkillGraph(BaseModel):
    skill: GraphNode
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    holders: list[SkillHolder] = Field(description="the tenant's people who have it")


class SkillHit(BaseModel):
    """One asked-for skill as a candidate has it."""

    asked: str
    onet_id: str
    name: str
    way: MatchWay
    fact_id: str
    value: str
    strength: float
    evidence: list[MatchEvidence]


class CandidateHit(BaseModel):
    person_id: str
    matched: int = Field(description="how many of the asked skills the person has")
    score: float
    skills: list[SkillHit]


class Explorer:
    def __init__(self, store: GraphStore, matcher: Matcher, search: Search) -> None:
        self._store = store
        self._matcher = matcher
        self._search = search

    async def skill_graph(self, tenant: str | None, skill: str, depth: int = 1) -> SkillGraph:
        """`tenant` None: the ontology only (no people)."""
        if depth not in (1, 2):
            raise InvalidInput(f"depth must be 1 or 2, not {depth}", "ask for depth 1 or 2")
        center = await self._term(skill)
        nodes: dict[str, GraphNode] = {center.id: center}
        edges: list[GraphEdge] = []
        frontier = [center.id]
        for _ in range(depth):
            found = await self._neighbours(frontier, nodes, edges)
            frontier = found[:5]
        for row in await self._read(q.SKILL_OCCUPATIONS, id=center.id, limit=_OCCUPATIONS):
            nodes.setdefault(
                row["code"], GraphNode(id=row["code"], label="Occupation", name=row["title"])
            )
            edges.append(
                GraphEdge(
                    source=row["code"], target=center.id, rel=row["rel"], weight=row["importance"]
                )
            )
        holders = await self._holders(tenant, center.id) if tenant else []
        return SkillGraph(skill=center, nodes=list(nodes.values()), edges=edges, holders=holders)

    async def search_candidates(
        self,
        tenant: str,
        skills: list[str],
        match_all: bool = True,
        expand: bool = False,
        first: int = 20,
        offset: int = 0,
    ) -> tuple[list[CandidateHit], int]:
        if not 1 <= len(skills) <= _MAX_SKILLS:
            raise InvalidInput(
                f"ask for 1 to {_MAX_SKILLS} skills, not {len(skills)}",
                "list the skills that matter most",
            )
        asked = [await self._term(s) for s in skills]
        ways: dict[str, list[tuple[str, MatchWay]]] = defaultdict(list)
        for term in asked:
            ways[term.id].append((term.id, MatchWay.SAME_NODE))
        if expand:
            for row in await self._read(
                q.SKILL_CATEGORY_SIBLINGS, ids=[t.id for t in asked], limit=_EXPANSION * len(asked)
            ):
                ways[row["id"]].append((row["source"], MatchWay.SAME_CATEGORY))
        rows = await self._read(q.PEOPLE_WITH_TERMS, tenant=tenant, ids=sorted(ways), limit=50_000)
        people: dict[str, dict[str, tuple[MatchWay, str, str]]] = defaultdict(dict)
        for row in rows:
            for wanted, way in ways[row["term"]]:
                kept = people[row["person"]].get(wanted)
                if kept is None or (way is MatchWay.SAME_NODE and kept[0] is not way):
                    people[row["person"]][wanted] = (way, row["fact"], row["term"])
        need = len(asked)
        chosen = [p for p, hits in people.items() if not match_all or len(hits) == need]
        profiles = await self._matcher.profiles(tenant, chosen, private=False)
        names = {t.id: t.name for t in asked}
        hits = []
        for person in chosen:
            profile = profiles.get(person)
            if profile is None:
                continue
            facts = {f.id: f for f in profile.facts}
            found = []
            for wanted, (way, fact_id, _term) in sorted(people[person].items()):
                fact = facts.get(fact_id)
                if fact is None:
                    continue
                found.append(
                    SkillHit(
                        asked=names[wanted],
                        onet_id=wanted,
                        name=names[wanted],
                        way=way,
                        fact_id=fact.id,
                        value=fact.value,
                        strength=strength(fact, date.today()),
                        evidence=fact.evidence,
                    )
                )
            credit = sum(h.strength * (1.0 if h.way is MatchWay.SAME_NODE else 0.6) for h in found)
            hits.append(
                CandidateHit(
                    person_id=person,
                    matched=len(found),
                    score=round(100 * credit / need, 2),
                    skills=found,
                )
            )
        hits.sort(key=lambda h: (-h.matched, -h.score, h.person_id))
        return hits[offset : offset + first], len(hits)

    async def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)

    async def _term(self, skill: str) -> GraphNode:
        rows = await self._read(q.SKILL_NODE, id=skill)
        if not rows:
            hits = await self._search.skills(skill, 1)
            if not hits:
                raise NotFound(
                    f"no skill matches {skill!r}", "use skills(search) to find the skill's id"
                )
            rows = await self._read(q.SKILL_NODE, id=hits[0].id)
        row = rows[0]
        label = next((x for x in row["labels"] if x != "SkillTerm"), "SkillTerm")
        return GraphNode(id=row["id"], label=label, name=row["name"])

    async def _neighbours(
        self, ids: list[str], nodes: dict[str, GraphNode], edges: list[GraphEdge]
    ) -> list[str]:
        found: list[str] = []
        for row in await self._read(q.SKILL_CATEGORY_SIBLINGS, ids=ids, limit=_NEIGHBOURS):
            nodes.setdefault(
                row["category"],
                GraphNode(id=row["category"], label="TechnologyCategory", name=row["title"]),
            )
            edges.append(GraphEdge(source=row["source"], target=row["category"], rel="IN_CATEGORY"))
            if row["id"] not in nodes:
                nodes[row["id"]] = GraphNode(id=row["id"], label="Technology", name=row["name"])
                found.append(row["id"])
            edges.append(GraphEdge(source=row["id"], target=row["category"], rel="IN_CATEGORY"))
        together = await self._read(q.TECHNOLOGY_NEIGHBOURS, ids=ids)
        for row in sorted(together, key=lambda r: (-r["together"], r["name"]))[:_NEIGHBOURS]:
            if row["id"] not in nodes:
                nodes[row["id"]] = GraphNode(id=row["id"], label="Technology", name=row["name"])
                found.append(row["id"])
            edges.append(
                GraphEdge(
                    source=row["source"],
                    target=row["id"],
                    rel="USED_WITH (occupations using both)",
                    weight=float(row["together"]),
                )
            )
        return found

    async def _holders(self, tenant: str, term: str) -> list[SkillHolder]:
        rows = await self._read(q.PEOPLE_WITH_TERMS, tenant=tenant, ids=[term], limit=_HOLDERS)
        profiles = await self._matcher.profiles(
            tenant, sorted({r["person"] for r in rows}), private=False
        )
        holders = []
        for row in rows:
            profile = profiles.get(row["person"])
            fact = (
                next((f for f in profile.facts if f.id == row["fact"]), None) if profile else None
            )
            if fact is not None:
                holders.append(
                    SkillHolder(
                        person_id=row["person"],
                        fact_id=fact.id,
                        value=fact.value,
                        months=fact.months,
                        evidence=fact.evidence,
                    )
                )
        return holders
