"""Insights measured: hidden strengths recovering a removed skills section, and career paths
predicting a person's actual next role.

    .venv/bin/python -m bench.insights [--data-dir DIR]

Uses the development dotin CVs (not the held-out split), uploaded as people by
`bench.ranking` (the same `--data-dir` reuses its uploads).

Hidden strengths: a CV's skills section is taken away (every linked skill whose only evidence
is the skills list, as the pipeline read it); from what is left, how many of the removed skills
do the hidden strengths name (precision@5, recall@10), against a plain co-occurrence baseline
(every technology ranked by how often O*NET's occupations that use one of the person's also
use it, with no threshold and no occupation ratings).

Career paths: for CVs with two or more roles dated and linked to O*NET occupations, the latest
role is taken away; is its occupation among the top 10 paths suggested from the role before it
(counting only real moves, not a next role in the same occupation)? Against O*NET's own list of
related occupations in its order.
"""

import asyncio
from pathlib import Path

from engine import Runtime, Settings
from engine.insights.paths import TIER_COST
from engine.matching.profile import Profile
from training.datasets import dotin

from .ranking import TENANT, documents, upload, uploads_dir
from .report import publish


def _skills_section(profile: Profile) -> set[str]:
    """Linked skills whose every mention is in the skills list."""
    listed: set[str] = set()
    elsewhere: set[str] = set()
    for fact in profile.of_kind("skill", "certification"):
        if fact.onet_id:
            only_listed = bool(fact.kinds) and set(fact.kinds) == {"skills_list"}
            (listed if only_listed else elsewhere).add(fact.onet_id)
    return listed - elsewhere


def _cooccurrence(ranked_from: Profile, together: dict[tuple[str, str], int],
                  spread: dict[str, int]) -> list[str]:  # fmt: skip
    claimed = {f.onet_id for f in ranked_from.facts if f.onet_id}
    best: dict[str, float] = {}
    for (a, b), both in together.items():
        if a in claimed and b not in claimed and spread.get(a):
            best[b] = max(best.get(b, 0.0), both / spread[a])
    return [b for b, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))]


def related_in_order(edges: list[tuple[str, str, str, int]]) -> list[str]:
    """O*NET's related occupations of the first step, by tier then rank."""
    direct = [e for e in edges if e[0] == edges[0][0]] if edges else []
    ranked = sorted(direct, key=lambda e: (TIER_COST.get(e[2], 2.0), e[3], e[1]))
    return list(dict.fromkeys(e[1] for e in ranked))


async def measure(data_dir: Path) -> list[list[str]]:
    runtime = await Runtime.open(Settings(data_dir=data_dir))
    try:
        from api.lifecycle import ensure_ontology
        from bench.matching_scale import _Quiet

        await ensure_ontology(runtime, _Quiet())
        cvs, jobs = documents()
        await upload(runtime, cvs, jobs, data_dir / "ranking-jobs.json")
        people = [f"dotin-{cv.id}" for cv in dotin(held_out=False) if f"dotin-{cv.id}" in cvs]
        profiles = await runtime.matcher.profiles(TENANT, people, private=True)
        advisor = runtime.advisor
        hidden = {"Careergraph hidden strengths": [0.0, 0.0], "co-occurrence baseline": [0.0, 0.0]}
        hidden_n = 0
        moves = stays = ours_hits = baseline_hits = 0
        for person in people:
            profile = profiles.get(person)
            if profile is None:
                continue
            removed = _skills_section(profile)
            kept = Profile(person, [f for f in profile.facts if f.onet_id not in removed])
            if removed and any(f.onet_id for f in kept.facts):
                hidden_n += 1
                ours = [h.onet_id for h in await advisor.hidden(kept, limit=10)]
                evidence = await advisor.evidence([], kept)
                plain = _cooccurrence(kept, evidence.together, evidence.spread)[:10]
                for name, ranked in (("Careergraph hidden strengths", ours),
                                     ("co-occurrence baseline", plain)):  # fmt: skip
                    hidden[name][0] += len(set(ranked[:5]) & removed) / 5
                    hidden[name][1] += len(set(ranked[:10]) & removed) / len(removed)
            roles = sorted(
                (f for f in profile.of_kind("role") if f.onet_id and f.valid_from),
                key=lambda f: (f.valid_from or "", f.id),
            )
            if len(roles) < 2 or roles[-1].valid_from == roles[-2].valid_from:
                continue
            latest, before = roles[-1], roles[-2]
            if latest.onet_id == before.onet_id:
                stays += 1
                continue
            moves += 1
            earlier = Profile(person, [f for f in profile.facts if f.id != latest.id])
            suggested = [
                p.target.code for p in await advisor.paths(earlier, [before.onet_id or ""])
            ]
            ours_hits += latest.onet_id in suggested[:10]
            related = related_in_order(await advisor.related([before.onet_id or ""]))
            baseline_hits += latest.onet_id in related[:10]
    finally:
        await runtime.close()
    rows = [
        [f"{name}: precision@5 / recall@10 (removed skills found)",
         f"{p5 / max(hidden_n, 1):.3f} / {r10 / max(hidden_n, 1):.3f}",
         f"{hidden_n} development CVs with a skills section and other linked facts"]
        for name, (p5, r10) in hidden.items()
    ]  # fmt: skip
    rows += [
        ["career paths: next role's occupation in the top 10 (Careergraph)",
         f"{ours_hits / max(moves, 1):.3f}",
         f"{moves} CVs whose latest role is a move to another occupation ({stays} more stayed "
         "in the same occupation and are not counted)"],
        ["career paths: next role's occupation in the top 10 (O*NET related list)",
         f"{baseline_hits / max(moves, 1):.3f}", "O*NET's related occupations in their order"],
    ]  # fmt: skip
    return rows


def main() -> None:
    data_dir = uploads_dir()
    rows = asyncio.run(measure(data_dir))
    publish(
        "Insights",
        "`.venv/bin/python -m bench.insights`: development dotin CVs uploaded as people "
        "(the held-out split is not used).",
        ["measure", "value", "notes"],
        rows,
    )


if __name__ == "__main__":
    main()
