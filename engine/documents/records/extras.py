"""Certifications and projects."""

from graph_schema.keys import name_key

from ..fact_types import Fact, Link
from ._base import (
    _BULLET,
    _CERTIFIED,
    _YEAR,
    PageBase,
    _clean,
    _project_name,
)

__all__ = ["ExtrasReading"]


class ExtrasReading(PageBase):
    def _certifications(self) -> None:
        seen: set[str] = set()
        for section in self.sections:
            if section.name != "certifications":
                continue
            offset = section.start
            for line in self.text[section.start : section.end].split("\n"):
                bullet = _BULLET.match(line)
                start, end = offset + (bullet.end() if bullet else 0), offset + len(line.rstrip())
                offset += len(line) + 1
                name = _clean(_YEAR.sub("", line))
                if len(name) >= 3 and name_key(name) not in seen and end > start:
                    seen.add(name_key(name))
                    self._fact(
                        "certification",
                        start,
                        end,
                        0.85,
                        value=name,
                        normalized=name,
                        identity=name_key(name),
                        evidence_kind="certification",
                    )
        for m in _CERTIFIED.finditer(self.text):
            name = _clean(m.group(0))
            if name_key(name) not in seen and not self._skip_header(m.start()):
                seen.add(name_key(name))
                self._fact(
                    "certification",
                    m.start(),
                    m.end(),
                    0.75,
                    value=name,
                    normalized=name,
                    identity=name_key(name),
                    evidence_kind="certification",
                )

    def _projects(self, skills: list[Fact]) -> None:
        for section in self.sections:
            if section.name != "projects":
                continue
            items: list[tuple[int, int, str]] = []
            offset, previous_blank = section.start, True
            for line in self.text[section.start : section.end].split("\n"):
                stripped = line.strip()
                if (
                    stripped
                    and (stripped[0].isupper() or stripped[0].isdigit())
                    and not _BULLET.match(line)
                    and len(stripped) <= 90
                    and not stripped.endswith(".")
                    and previous_blank
                ):
                    items.append(
                        (offset + line.index(stripped[0]), offset + len(line.rstrip()), stripped)
                    )
                previous_blank = not stripped or bool(_BULLET.match(line)) or stripped.endswith(".")
                offset += len(line) + 1
            for i, (start, end, title) in enumerate(items):
                body_end = items[i + 1][0] if i + 1 < len(items) else section.end
                used = [s for s in skills if start <= s.evidence.start < body_end]
                name = _project_name(title)
                project = self._fact(
                    "project",
                    start,
                    end,
                    0.8,
                    value=name,
                    normalized=name,
                    identity=name_key(name),
                    technologies=sorted({s.normalized for s in used if s.onet_id}),
                )
                for skill in used:
                    skill.links.append(
                        Link(rel="USED_IN", kind="project", identity=project.identity)
                    )
