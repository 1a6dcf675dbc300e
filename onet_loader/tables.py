"""Which release files Careergraph reads, the columns it needs, and how rows become graph rows.

`parse` reads and validates everything before anything is written, so a bad release leaves
the graph as it was.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph_schema.keys import name_key, slug

from .errors import ReleaseError
from .release import Release, Table

__all__ = ["FILES", "OCCUPATION_TERM_LABELS", "SKILL_TERM_LABELS", "Ontology", "parse"]

# Which node labels share the search labels SkillTerm and OccupationTerm.
SKILL_TERM_LABELS = ("Technology", "Tool", "Skill", "Knowledge", "WorkStyle")
OCCUPATION_TERM_LABELS = ("Occupation", "Title")

GraphRow = dict[str, Any]

OCCUPATIONS = "Occupation Data.txt"
CONTENT_MODEL = "Content Model Reference.txt"
SKILLS = "Skills.txt"
KNOWLEDGE = "Knowledge.txt"
WORK_STYLES = "Work Styles.txt"
WORK_VALUES = "Work Values.txt"
INTERESTS = "Interests.txt"
ABILITIES = "Abilities.txt"
WORK_ACTIVITIES = "Work Activities.txt"
TECHNOLOGY = "Technology Skills.txt"
TOOLS = "Tools Used.txt"
UNSPSC = "UNSPSC Reference.txt"
ALTERNATE_TITLES = "Alternate Titles.txt"
REPORTED_TITLES = "Sample of Reported Titles.txt"
RELATED = "Related Occupations.txt"
JOB_ZONES = "Job Zones.txt"
JOB_ZONE_REFERENCE = "Job Zone Reference.txt"
EDUCATION = "Education, Training, and Experience.txt"
EDUCATION_CATEGORIES = "Education, Training, and Experience Categories.txt"
TASKS = "Task Statements.txt"

_CODE = "O*NET-SOC Code"
_RATING = (_CODE, "Element ID", "Element Name", "Scale ID", "Data Value")

FILES: dict[str, tuple[str, ...]] = {
    OCCUPATIONS: (_CODE, "Title", "Description"),
    CONTENT_MODEL: ("Element ID", "Element Name", "Description"),
    SKILLS: _RATING,
    KNOWLEDGE: _RATING,
    WORK_STYLES: _RATING,
    WORK_VALUES: _RATING,
    INTERESTS: _RATING,
    ABILITIES: _RATING,
    WORK_ACTIVITIES: _RATING,
    TECHNOLOGY: (
        _CODE,
        "Example",
        "Commodity Code",
        "Commodity Title",
        "Hot Technology",
    ),
    TOOLS: (_CODE, "Example", "Commodity Code", "Commodity Title"),
    UNSPSC: (
        "Commodity Code",
        "Commodity Title",
        "Class Title",
        "Family Title",
        "Segment Title",
    ),
    ALTERNATE_TITLES: (_CODE, "Alternate Title", "Short Title"),
    REPORTED_TITLES: (_CODE, "Reported Job Title"),
    RELATED: (_CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"),
    JOB_ZONES: (_CODE, "Job Zone"),
    JOB_ZONE_REFERENCE: ("Job Zone", "Name", "Experience", "Education", "Job Training"),
    EDUCATION: (
        _CODE,
        "Element ID",
        "Element Name",
        "Scale ID",
        "Category",
        "Data Value",
    ),
    EDUCATION_CATEGORIES: (
        "Element ID",
        "Scale ID",
        "Category",
        "Category Description",
    ),
    TASKS: (_CODE, "Task ID", "Task"),
}

# Scale that carries each rating file's value, and the edge property it becomes.
_RATING_SCALES: dict[str, dict[str, str]] = {
    SKILLS: {"IM": "importance", "LV": "level"},
    KNOWLEDGE: {"IM": "importance", "LV": "level"},
    WORK_STYLES: {"IM": "importance"},
    WORK_VALUES: {"EX": "extent"},
    INTERESTS: {"OI": "score"},
    ABILITIES: {"IM": "importance", "LV": "level"},
    WORK_ACTIVITIES: {"IM": "importance", "LV": "level"},
}

# Rated element files: (file, node label, relationship type).
_RATED: tuple[tuple[str, str, str], ...] = (
    (SKILLS, "Skill", "REQUIRES_SKILL"),
    (KNOWLEDGE, "Knowledge", "REQUIRES_KNOWLEDGE"),
    (WORK_STYLES, "WorkStyle", "HAS_WORK_STYLE"),
    (WORK_VALUES, "WorkValue", "HAS_WORK_VALUE"),
    (INTERESTS, "Interest", "HAS_INTEREST"),
    (ABILITIES, "Ability", "REQUIRES_ABILITY"),
    (WORK_ACTIVITIES, "WorkActivity", "HAS_WORK_ACTIVITY"),
)

# Files of a release that the graph model leaves out, and why.
_NOT_MODELLED = {
    "Read Me.txt": "read for the release version only",
    "Work Context.txt": "work-context ratings use category scales not modelled yet",
    "Tasks to DWAs.txt": "detailed work activities are not modelled yet",
    "DWA Reference.txt": "detailed work activities are not modelled yet",
    "IWA Reference.txt": "intermediate work activities are not modelled yet",
    "Emerging Tasks.txt": "emerging tasks are not modelled yet",
}


@dataclass
class Ontology:
    """Graph rows ready for batched writes, plus what was read and skipped."""

    version: str
    checksum: str
    files_read: dict[str, int] = field(default_factory=dict)
    files_skipped: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, list[GraphRow]] = field(default_factory=lambda: defaultdict(list))
    edges: dict[str, list[GraphRow]] = field(default_factory=lambda: defaultdict(list))


def parse(release: Release) -> Ontology:
    if not release.has(OCCUPATIONS):
        raise ReleaseError(OCCUPATIONS, "is missing; every other file hangs off the occupations")
    tables: dict[str, Table] = {}
    skipped: dict[str, str] = {}
    for file, required in FILES.items():
        if release.has(file):
            tables[file] = release.table(file, required)
        else:
            skipped[file] = "not in this release"
    for file in release.files:
        if file not in FILES:
            skipped[file] = _NOT_MODELLED.get(file, "reference data not used by the graph model")
    onto = Ontology(
        version=release.version(),
        checksum=release.checksum(),
        files_read={file: len(table.rows) for file, table in tables.items()},
        files_skipped=skipped,
    )
    _Builder(onto, tables).build()
    return onto


def _number(table: Table, row: dict[str, str | None], column: str) -> float | None:
    value = row[column]
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise ReleaseError(table.file, f"column {column!r} has {value!r}, not a number") from None


def _flag(value: str | None) -> bool:
    return value == "Y"


class _Builder:
    def __init__(self, onto: Ontology, tables: dict[str, Table]) -> None:
        self.onto = onto
        self.tables = tables
        self.codes: set[str] = set()
        self.categories: dict[str, GraphRow] = {}
        self.unspsc = {
            row["Commodity Code"]: row for row in (tables[UNSPSC].rows if UNSPSC in tables else [])
        }

    def build(self) -> None:
        self._occupations()
        self._elements()
        for file, _, rel in _RATED:
            self._ratings(file, rel)
        self._examples(TECHNOLOGY, "Technology", "USES_TECHNOLOGY")
        self._examples(TOOLS, "Tool", "USES_TOOL")
        self._titles()
        self._related()
        self._job_zones()
        self._education()
        self._tasks()

    def _each(self, file: str, handle: Callable[[Table, dict[str, str | None]], None]) -> None:
        table = self.tables.get(file)
        if table is None:
            return
        for row in table.rows:
            code = row.get(_CODE)
            if code is not None and code not in self.codes:
                raise ReleaseError(
                    file, f"names occupation {code!r}, which is not in {OCCUPATIONS}"
                )
            handle(table, row)

    def _occupations(self) -> None:
        for row in self.tables[OCCUPATIONS].rows:
            code, title = row[_CODE], row["Title"]
            if code is None or title is None:
                raise ReleaseError(OCCUPATIONS, "a row has no code or title")
            self.codes.add(code)
            self.onto.nodes["Occupation"].append(
                {
                    "id": code,
                    "code": code,
                    "title": title,
                    "name": title,
                    "key": name_key(title),
                    "description": row["Description"],
                    "vectorised": True,
                }
            )

    def _elements(self) -> None:
        """Element nodes for every rated element; descriptions from the content model."""
        described = {
            row["Element ID"]: row["Description"]
            for row in (self.tables[CONTENT_MODEL].rows if CONTENT_MODEL in self.tables else [])
        }
        for file, label, _ in _RATED:
            seen: dict[str, GraphRow] = {}
            for row in self.tables[file].rows if file in self.tables else []:
                element, name = row["Element ID"], row["Element Name"]
                if element is None or name is None:
                    raise ReleaseError(file, "a row has no element id or name")
                seen.setdefault(
                    element,
                    {
                        "id": element,
                        "element_id": element,
                        "name": name,
                        "key": name_key(name),
                        "description": described.get(element),
                        "vectorised": label in ("Skill", "Knowledge", "WorkStyle"),
                    },
                )
            self.onto.nodes[label].extend(seen.values())

    def _ratings(self, file: str, rel: str) -> None:
        scales = _RATING_SCALES[file]
        edges: dict[tuple[str, str], GraphRow] = {}

        def handle(table: Table, row: dict[str, str | None]) -> None:
            prop = scales.get(row["Scale ID"] or "")
            if prop is None:
                return
            key = (str(row[_CODE]), str(row["Element ID"]))
            edge = edges.setdefault(key, {"o": key[0], "e": key[1]})
            edge[prop] = _number(table, row, "Data Value")
            if "Not Relevant" in row and row["Not Relevant"] is not None:
                edge["not_relevant"] = _flag(row["Not Relevant"])
            if row.get("Recommend Suppress") is not None:
                edge["suppress"] = edge.get("suppress", False) or _flag(row["Recommend Suppress"])

        self._each(file, handle)
        self.onto.edges[rel] = list(edges.values())

    def _category(self, table: Table, row: dict[str, str | None]) -> str | None:
        code = row["Commodity Code"]
        if code is None:
            return None
        if code not in self.categories:
            ref = self.unspsc.get(code, {})
            self.categories[code] = {
                "id": f"unspsc/{code}",
                "code": code,
                "title": row["Commodity Title"] or ref.get("Commodity Title"),
                "class_title": ref.get("Class Title"),
                "family_title": ref.get("Family Title"),
                "segment_title": ref.get("Segment Title"),
            }
        return f"unspsc/{code}"

    def _examples(self, file: str, label: str, rel: str) -> None:
        prefix = label.lower()
        nodes: dict[str, GraphRow] = {}
        uses: dict[tuple[str, str], GraphRow] = {}
        in_category: dict[tuple[str, str], GraphRow] = {}
        hot_column = "Hot Technology" if file == TECHNOLOGY else None

        def handle(table: Table, row: dict[str, str | None]) -> None:
            name = row["Example"]
            if name is None:
                raise ReleaseError(file, f"a row for {row[_CODE]} has no example name")
            key = name_key(name)
            node = nodes.setdefault(
                key,
                {
                    "id": f"{prefix}/{slug(name)}",
                    "name": name,
                    "key": key,
                    "popularity": 0,
                    # Tools are equipment ("10-key calculators"): found by name, not by meaning.
                    "vectorised": label == "Technology",
                },
            )
            node["popularity"] += 1
            edge: GraphRow = {"o": row[_CODE], "t": node["id"]}
            if hot_column:
                edge["hot"] = _flag(row[hot_column])
                edge["in_demand"] = _flag(row.get("In Demand"))
                node["hot"] = node.get("hot", False) or edge["hot"]
                node["in_demand"] = node.get("in_demand", False) or edge["in_demand"]
            uses[(str(row[_CODE]), node["id"])] = edge
            category = self._category(table, row)
            if category:
                in_category[(node["id"], category)] = {"t": node["id"], "c": category}

        self._each(file, handle)
        self.onto.nodes[label] = list(nodes.values())
        self.onto.edges[rel] = list(uses.values())
        self.onto.edges[f"{label}_IN_CATEGORY"] = list(in_category.values())
        self.onto.nodes["TechnologyCategory"] = list(self.categories.values())

    def _titles(self) -> None:
        nodes: dict[str, GraphRow] = {}
        edges: dict[tuple[str, str], GraphRow] = {}

        def add(code: str, name: str, flag: str, extra: dict[str, Any]) -> None:
            key = name_key(name)
            if not key:
                return
            node = nodes.setdefault(
                key, {"id": f"title/{slug(name)}", "name": name, "key": key, "vectorised": False}
            )
            # Reported titles are the ones workers use; they get embeddings. The 50,000
            # alternate titles are matched by name, alias and full-text, which keeps the vector
            # index (rebuilt at every start of the embedded store) small.
            node["vectorised"] = node["vectorised"] or flag == "reported"
            edge = edges.setdefault(
                (code, node["id"]),
                {
                    "o": code,
                    "t": node["id"],
                    "alternate": False,
                    "reported": False,
                    "short": False,
                },
            )
            edge[flag] = True
            edge.update(extra)

        def alternate(table: Table, row: dict[str, str | None]) -> None:
            code, title = str(row[_CODE]), row["Alternate Title"]
            if title is None:
                raise ReleaseError(table.file, f"a row for {code} has no title")
            add(code, title, "alternate", {"sources": row.get("Source(s)")})
            if row["Short Title"]:
                add(code, row["Short Title"], "short", {})

        def reported(table: Table, row: dict[str, str | None]) -> None:
            code, title = str(row[_CODE]), row["Reported Job Title"]
            if title is None:
                raise ReleaseError(table.file, f"a row for {code} has no title")
            add(
                code,
                title,
                "reported",
                {"my_next_move": _flag(row.get("Shown in My Next Move"))},
            )

        self._each(ALTERNATE_TITLES, alternate)
        self._each(REPORTED_TITLES, reported)
        self.onto.nodes["Title"] = list(nodes.values())
        self.onto.edges["TITLE_OF"] = list(edges.values())

    def _related(self) -> None:
        def handle(table: Table, row: dict[str, str | None]) -> None:
            other = row["Related O*NET-SOC Code"]
            if other not in self.codes:
                raise ReleaseError(table.file, f"relates to unknown occupation {other!r}")
            rank = _number(table, row, "Index")
            self.onto.edges["RELATED_TO"].append(
                {
                    "a": row[_CODE],
                    "b": other,
                    "tier": row["Relatedness Tier"],
                    "rank": int(rank) if rank is not None else None,
                }
            )

        self._each(RELATED, handle)

    def _job_zones(self) -> None:
        reference = self.tables.get(JOB_ZONE_REFERENCE)
        zones: dict[str, GraphRow] = {}
        for row in reference.rows if reference else []:
            zone = str(row["Job Zone"])
            zones[zone] = {
                "id": f"jobzone/{zone}",
                "zone": int(zone),
                "name": row["Name"],
                "experience": row["Experience"],
                "education": row["Education"],
                "training": row["Job Training"],
                "examples": row.get("Examples"),
                "svp_range": row.get("SVP Range"),
            }

        def handle(table: Table, row: dict[str, str | None]) -> None:
            zone = str(row["Job Zone"])
            if zone not in zones:
                if not zone.isdigit():
                    raise ReleaseError(table.file, f"job zone {zone!r} is not a number")
                zones[zone] = {"id": f"jobzone/{zone}", "zone": int(zone), "name": None}
            self.onto.edges["IN_JOB_ZONE"].append({"o": row[_CODE], "z": f"jobzone/{zone}"})

        self._each(JOB_ZONES, handle)
        self.onto.nodes["JobZone"] = list(zones.values())

    def _education(self) -> None:
        names = {
            (row["Scale ID"], row["Category"]): row["Category Description"]
            for row in (
                self.tables[EDUCATION_CATEGORIES].rows
                if EDUCATION_CATEGORIES in self.tables
                else []
            )
        }
        categories: dict[str, GraphRow] = {}

        def handle(table: Table, row: dict[str, str | None]) -> None:
            scale, category = row["Scale ID"], row["Category"]
            if category is None:
                return
            node_id = f"education/{scale}/{category}"
            categories.setdefault(
                node_id,
                {
                    "id": node_id,
                    "scale": scale,
                    "category": int(category),
                    "name": names.get((scale, category)),
                    "element_name": row["Element Name"],
                },
            )
            self.onto.edges["REQUIRES_EDUCATION"].append(
                {
                    "o": row[_CODE],
                    "c": node_id,
                    "percent": _number(table, row, "Data Value"),
                }
            )

        self._each(EDUCATION, handle)
        self.onto.nodes["EducationCategory"] = list(categories.values())

    def _tasks(self) -> None:
        def handle(table: Table, row: dict[str, str | None]) -> None:
            task_id = row["Task ID"]
            node_id = f"task/{task_id}"
            self.onto.nodes["Task"].append(
                {
                    "id": node_id,
                    "task_id": task_id,
                    "statement": row["Task"],
                    "task_type": row.get("Task Type"),
                }
            )
            self.onto.edges["HAS_TASK"].append({"o": row[_CODE], "t": node_id})

        self._each(TASKS, handle)
