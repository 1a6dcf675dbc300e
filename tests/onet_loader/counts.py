"""What a release's files say the graph must hold, counted straight from the files."""

from pathlib import Path

from graph_schema import GraphStore, name_key

from ..helpers import read_rows


async def assert_graph_matches_files(store: GraphStore, release: Path) -> None:
    async def one(query: str) -> int:
        rows = await store.execute(query, read_only=True)
        return int(rows[0]["n"])

    occupations = read_rows(release, "Occupation Data.txt")
    assert await one("MATCH (o:Occupation) RETURN count(o) AS n") == len(occupations)

    technology = read_rows(release, "Technology Skills.txt")
    assert await one("MATCH (:Occupation)-[r:USES_TECHNOLOGY]->() RETURN count(r) AS n") == len(
        technology
    )
    hot = sum(row["Hot Technology"] == "Y" for row in technology)
    assert await one("MATCH ()-[r:USES_TECHNOLOGY]->() WHERE r.hot RETURN count(r) AS n") == hot
    examples = {name_key(row["Example"]) for row in technology}
    assert await one("MATCH (t:Technology) RETURN count(t) AS n") == len(examples)

    titles = {
        (r["O*NET-SOC Code"], name_key(r["Alternate Title"]))
        for r in read_rows(release, "Alternate Titles.txt")
    }
    titles |= {
        (r["O*NET-SOC Code"], name_key(r["Short Title"]))
        for r in read_rows(release, "Alternate Titles.txt")
        if r["Short Title"] != "n/a"
    }
    titles |= {
        (r["O*NET-SOC Code"], name_key(r["Reported Job Title"]))
        for r in read_rows(release, "Sample of Reported Titles.txt")
    }
    assert await one("MATCH (:Title)-[r:TITLE_OF]->(:Occupation) RETURN count(r) AS n") == len(
        titles
    )

    skills = [r for r in read_rows(release, "Skills.txt") if r["Scale ID"] in ("IM", "LV")]
    stored = await one(
        "MATCH (:Occupation)-[r:REQUIRES_SKILL]->(:Skill) "
        "RETURN count(r.importance) + count(r.level) AS n"
    )
    assert stored == len(skills)

    related = read_rows(release, "Related Occupations.txt")
    assert await one("MATCH (:Occupation)-[r:RELATED_TO]->(:Occupation) RETURN count(r) AS n") == (
        len(related)
    )
