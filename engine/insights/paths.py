"""Career paths and transfer: the occupations a person can move to through O*NET's related
occupations (a pulled subgraph, shortest paths with networkx), each with how much of what it
needs the person already has, the skills to gain, and whether it is a step up by job zone."""

import networkx as nx

from ..matching.profile import Profile
from .hidden import Evidence
from .model import CareerPath, PathStep, Transfer

__all__ = ["TIER_COST", "career_paths", "transfer"]

TIER_COST = {"Primary-Short": 1.0, "Primary-Long": 1.5, "Supplemental": 2.0}
"""How far a related occupation is, by O*NET's relatedness tier."""
_READY = 4.0
"""An element rated this important (of 5) that the person lacks is a large gap."""


def covered(profile: Profile, evidence: Evidence) -> set[str]:
    """Elements and technologies the person has: linked facts, and the important elements of
    the occupations they have held."""
    have = {f.onet_id for f in profile.facts if f.onet_id}
    for role in profile.of_kind("role"):
        have |= set(evidence.elements.get(role.onet_id or "", {}))
    return have


def step(code: str, evidence: Evidence, have: set[str], zone_from: int | None) -> PathStep:
    elements = evidence.elements.get(code, {})
    total = sum(i for _, i in elements.values()) or 1.0
    element_share = sum(i for e, (_, i) in elements.items() if e in have) / total
    wanted = {t: n for t, (n, hot) in evidence.technologies.get(code, {}).items() if hot}
    tech_share = len(set(wanted) & have) / min(len(wanted), 10) if wanted else element_share
    gaps = sorted(((i, n) for e, (n, i) in elements.items() if e not in have), reverse=True)
    zone = evidence.zones.get(code)
    move = (
        "lateral"
        if zone is None or zone_from is None or zone == zone_from
        else "advancement"
        if zone > zone_from
        else "step_down"
    )
    return PathStep(
        code=code,
        title=evidence.titles.get(code, code),
        job_zone=zone,
        move=move,
        overlap=round(min(1.0, 0.7 * element_share + 0.3 * tech_share), 3),
        skills_to_gain=[n for _, n in gaps[:5]]
        + sorted(n for t, n in wanted.items() if t not in have)[:3],
    )


def career_paths(
    profile: Profile,
    current: list[str],
    edges: list[tuple[str, str, str, int]],
    evidence: Evidence,
    limit: int = 10,
) -> list[CareerPath]:
    graph = nx.DiGraph()
    for source, target, tier, rank in edges:
        graph.add_edge(source, target, weight=TIER_COST.get(tier, 2.0) + (rank or 0) / 20)
    have = covered(profile, evidence)
    zone_from = max((evidence.zones.get(c) or 0 for c in current), default=0) or None
    best: dict[str, tuple[float, list[str]]] = {}
    for origin in current:
        if origin not in graph:
            continue
        lengths, routes = nx.single_source_dijkstra(graph, origin)
        for code, length in lengths.items():
            if code not in current and (code not in best or length < best[code][0]):
                best[code] = (float(length), list(routes[code]))
    found: list[CareerPath] = []
    for _code, (length, nodes) in sorted(best.items()):
        steps = [step(c, evidence, have, zone_from) for c in nodes[1:]]
        score = round(steps[-1].overlap / (1 + 0.25 * length), 4)
        found.append(CareerPath(target=steps[-1], steps=steps, score=score))
    return sorted(found, key=lambda p: (-p.score, p.target.code))[:limit]


def transfer(profile: Profile, code: str, evidence: Evidence) -> Transfer:
    have = covered(profile, evidence)
    elements = evidence.elements.get(code, {})
    total = sum(i for _, i in elements.values()) or 1.0
    similarity = sum(i for e, (_, i) in elements.items() if e in have) / total
    gaps = sorted(((i, n) for e, (n, i) in elements.items() if e not in have), reverse=True)
    return Transfer(
        code=code,
        title=evidence.titles.get(code, code),
        similarity=round(similarity, 3),
        covered=sorted(n for e, (n, _) in elements.items() if e in have),
        gaps=[n for _, n in gaps],
        ready=not any(i >= _READY for i, _ in gaps),
    )
