"""One page's facts: skills, experience entries (role, employer, dates), education,
certifications, projects and achievements, each with the span it was read from. Each kind is
read by a part of its own (skills, experience, education, extras); this puts them together."""

from ..fact_types import Fact
from .education import EducationReading
from .employers import EmployerReading
from .experience import ExperienceReading
from .extras import ExtrasReading
from .skills import SkillsReading

__all__ = ["Page"]


class Page(SkillsReading, ExperienceReading, EmployerReading, EducationReading, ExtrasReading):
    def facts(self) -> list[Fact]:
        skills = self._skills()
        entries = self._experience()
        self._other_employers(self._facts)
        for entry in entries:
            # A skill found elsewhere (a skills list, another role) and named again in a role's
            # description, where the tagger did not mark it: it carries the role's months.
            taken = [(s.evidence.start, s.evidence.end) for s in skills]
            taken += [(s.start, s.end) for s in self.spans if s.label in ("role", "employer")]
            known = {s.onet_id for s in skills if s.onet_id}
            body = self.text[entry.start : entry.end]
            for m in self.vocabulary.find(body):
                start, end = entry.start + m.start, entry.start + m.end
                if m.term.id in known and not any(a < end and start < b for a, b in taken):
                    skills.append(self._skill(start, end, m.term, 0.85 * m.weight))
        for skill in skills:
            for entry in entries:
                if entry.start <= skill.evidence.start < entry.end:
                    entry.attach(skill)
        self._education()
        self._certifications()
        self._projects(skills)
        self._achievements(entries)
        return self._facts
