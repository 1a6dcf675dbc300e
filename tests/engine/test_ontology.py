"""Reading an occupation back: ratings, technologies, relations, titles, job zone."""

from engine import Runtime
from onet_loader import bundled_release_path

from ..helpers import read_rows


def relevant(file: str, code: str) -> int:
    """Elements rated for `code` that O*NET does not mark 'Not Relevant'."""
    rows = read_rows(bundled_release_path(), file)
    return sum(
        r["O*NET-SOC Code"] == code and r["Scale ID"] == "LV" and r["Not Relevant"] != "Y"
        for r in rows
    )


SOFTWARE_DEVELOPERS = "15-1252.00"
WEB_DEVELOPERS = "15-1254.00"  # O*NET 29.x rates no skills for 15-1252.00; it does for this one


async def test_occupation_detail_reads_back_what_onet_says(runtime: Runtime) -> None:
    reader = runtime.ontology
    detail = await reader.occupation(SOFTWARE_DEVELOPERS)
    assert detail is not None and detail.title == "Software Developers"
    skills = await reader.skills(WEB_DEVELOPERS, 5, 0)
    assert skills.total == relevant("Skills.txt", WEB_DEVELOPERS) and len(skills.items) == 5
    importances = [s.importance or 0 for s in skills.items]
    assert importances == sorted(importances, reverse=True)
    assert all(s.level is not None for s in skills.items)
    knowledge = await reader.knowledge(WEB_DEVELOPERS, 50, 0)
    assert knowledge.total == relevant("Knowledge.txt", WEB_DEVELOPERS)
    assert "Computers and Electronics" in [k.name for k in knowledge.items[:5]]
    hot = await reader.technologies(SOFTWARE_DEVELOPERS, True, None, 100, 0)
    assert hot.total > 0 and all(t.hot for t in hot.items)
    every = await reader.technologies(SOFTWARE_DEVELOPERS, None, None, 5, 0)
    assert every.total > hot.total
    related = await reader.related(SOFTWARE_DEVELOPERS, 50, 0)
    assert related.total == 20 and related.items[0].rank == 1
    titles = await reader.titles(SOFTWARE_DEVELOPERS, 500, 0)
    assert "Software Engineer" in {t.name for t in titles.items}
    zone = await reader.job_zone(SOFTWARE_DEVELOPERS)
    assert zone is not None and zone.zone == 4


async def test_unknown_occupation_is_none(runtime: Runtime) -> None:
    assert await runtime.ontology.occupation("99-9999.99") is None
    assert (await runtime.ontology.skills("99-9999.99", 5, 0)).total == 0
