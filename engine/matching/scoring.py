"""One person against one job: category scores, the applied weights, skill matches with their
paths and evidence, gaps, and the explanation in plain words. Pure: the same facts, job,
ontology, weights and day give the same match."""

from datetime import date

from .ladder import Ontology, Rung, best_rung, rounded
from .model import (
    Category,
    CategoryEvidence,
    CategoryName,
    EvidenceSign,
    Gap,
    Match,
    MatchWay,
    PathStep,
    SkillMatch,
)
from .profile import EDUCATION_RANK, JobSpec, Profile, Requirement, experience_asked, seniority
from .weights import Seniority, Weights, applied_weights

__all__ = ["MET", "quick_score", "score"]

MET = 0.5
"""Credit times strength from which a requirement counts as met rather than a gap."""
_CLOSE_TO_LEVEL = 50.0
"""Education score one level below what the job asks."""


def quick_score(
    profile: Profile, job: JobSpec, ontology: Ontology, weights: Weights, today: date
) -> float:
    """The same score as `score(...).score`, without building the explanation: what a ranking
    computes for every candidate before it explains the page it returns."""
    level = seniority(job)
    credits = [
        (r.required, _credit(best_rung(r.onet_id, profile, ontology, today)))
        for r in job.requirements
    ]
    required = [c for needed, c in credits if needed]
    preferred = [c for needed, c in credits if not needed]
    experience = _experience(profile, job, level, today)
    education = _education(profile, job)
    values = {
        CategoryName.REQUIRED_SKILLS: (bool(required), _share(required)),
        CategoryName.PREFERRED_SKILLS: (bool(preferred), _share(preferred)),
        CategoryName.EXPERIENCE: (experience.had_data, experience.score),
        CategoryName.EDUCATION: (education.had_data, education.score),
    }
    applied = applied_weights(weights, level, {k: had for k, (had, _) in values.items()})
    return rounded(sum(applied[k] * v / 100 for k, (_, v) in values.items()), 2)


def _credit(rung: Rung) -> float:
    return rounded(rung.credit * rung.strength, 4) if rung.way else 0.0


def _share(credits: list[float]) -> float:
    return rounded(100 * sum(credits) / len(credits), 2) if credits else 0.0


def score(
    profile: Profile, job: JobSpec, ontology: Ontology, weights: Weights, today: date
) -> Match:
    level = seniority(job)
    skills = [
        _skill(r, best_rung(r.onet_id, profile, ontology, today), profile, job, ontology)
        for r in job.requirements
    ]
    categories = {
        CategoryName.REQUIRED_SKILLS: _skills_category(
            CategoryName.REQUIRED_SKILLS, [s for s in skills if s.required]
        ),
        CategoryName.PREFERRED_SKILLS: _skills_category(
            CategoryName.PREFERRED_SKILLS, [s for s in skills if not s.required]
        ),
        CategoryName.EXPERIENCE: _experience(profile, job, level, today),
        CategoryName.EDUCATION: _education(profile, job),
    }
    applied = applied_weights(weights, level, {k: c.had_data for k, c in categories.items()})
    for name, category in categories.items():
        category.weight = applied[name]
    total = rounded(sum(c.weight * c.score / 100 for c in categories.values()), 2)
    gaps = _gaps(skills)
    return Match(
        person_id=profile.person,
        job_id=job.id,
        score=total,
        seniority=level.value,
        categories=list(categories.values()),
        skills=skills,
        gaps=gaps,
        explanation=_explain(total, categories, skills, gaps),
    )


def _skill(
    requirement: Requirement, rung: Rung, profile: Profile, job: JobSpec, ontology: Ontology
) -> SkillMatch:
    fact = rung.fact
    credit = _credit(rung)
    words = _words(requirement, rung)
    return SkillMatch(
        onet_id=requirement.onet_id,
        name=requirement.name,
        required=requirement.required,
        requirement_text=requirement.text,
        way=rung.way,
        credit=credit,
        strength=rung.strength if rung.way else 0.0,
        similarity=rung.similarity,
        fact_id=fact.id if fact else None,
        fact_value=fact.value if fact else None,
        via=rung.via,
        evidence=list(fact.evidence) if fact and rung.way else [],
        path=_path(requirement, rung, profile, job, ontology) if rung.way else [],
        explanation=words,
    )


def _path(
    requirement: Requirement, rung: Rung, profile: Profile, job: JobSpec, ontology: Ontology
) -> list[PathStep]:
    assert rung.fact is not None
    fact = rung.fact
    wanted = ontology.terms.get(requirement.onet_id)
    wanted_label = _label(wanted.labels if wanted else [], "SkillTerm")
    start = [
        PathStep(label="Person", id=profile.person, name=profile.person, rel="HAS_FACT"),
        PathStep(label="Fact", id=fact.id, name=fact.value, rel="ABOUT"),
    ]
    end = [
        PathStep(
            label=wanted_label, id=requirement.onet_id, name=requirement.name, rel="<-REQUIRES"
        ),
        PathStep(label="Job", id=job.id, name=job.title or job.id),
    ]
    if rung.way in (MatchWay.SAME_NODE, MatchWay.ALIAS):
        return start + end
    if rung.way is MatchWay.OCCUPATION_ELEMENT:
        rel = "REQUIRES_KNOWLEDGE" if wanted_label == "Knowledge" else "REQUIRES_SKILL"
        code = fact.onet_id or ""
        donor = ontology.borrowed.get(code)
        held = PathStep(
            label="Occupation",
            id=code,
            name=ontology.occupation_titles.get(code, code),
            rel="RELATED_TO" if donor else rel,
        )
        if donor is None:
            return [*start, held, *end]
        rater = PathStep(
            label="Occupation", id=donor, name=ontology.occupation_titles.get(donor, donor), rel=rel
        )
        return [*start, held, rater, *end]
    have = ontology.terms.get(fact.onet_id or "")
    have_step = PathStep(
        label=_label(have.labels if have else [], "SkillTerm"),
        id=fact.onet_id or "",
        name=have.name if have else fact.value,
        rel="IN_CATEGORY"
        if rung.way is MatchWay.SAME_CATEGORY
        else "SIMILAR_TO (embedding, not stored)",
    )
    if rung.way is MatchWay.SAME_CATEGORY:
        category = PathStep(
            label="TechnologyCategory",
            id=rung.via_id or "",
            name=rung.via or "",
            rel="<-IN_CATEGORY",
        )
        return [*start, have_step, category, *end]
    return [*start, have_step, *end]


def _label(labels: list[str], default: str) -> str:
    return next((x for x in labels if x != "SkillTerm"), default)


def _words(requirement: Requirement, rung: Rung) -> str:
    fact = rung.fact
    if rung.way is None or fact is None:
        return f"no evidence of {requirement.name}"
    quote = next((e.text for e in fact.evidence if e.text), None)
    source = f' ("{_clip(quote)}")' if quote else ""
    if rung.way is MatchWay.SAME_NODE:
        return f"{requirement.name}: {fact.best_kind.value.replace('_', ' ')}{source}"
    if rung.way is MatchWay.ALIAS:
        return f"{requirement.name}, written as {fact.value}{source}"
    if rung.way is MatchWay.SAME_CATEGORY:
        return f"{fact.value} is, like {requirement.name}, one of the {rung.via}{source}"
    if rung.way is MatchWay.OCCUPATION_ELEMENT:
        return f"{requirement.name} is rated important for {rung.via}, held as {fact.value}"
    return f"{fact.value} is close in meaning to {requirement.name} (similarity {rung.similarity})"


def _clip(text: str, size: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _skills_category(name: CategoryName, skills: list[SkillMatch]) -> Category:
    if not skills:
        return Category(name=name, weight=0, had_data=False, score=0)
    evidence = []
    for s in skills:
        sign = (
            EvidenceSign.POSITIVE
            if s.credit >= MET
            else EvidenceSign.MIXED
            if s.credit > 0
            else EvidenceSign.NEGATIVE
        )
        evidence.append(CategoryEvidence(sign=sign, text=s.explanation))
    value = _share([s.credit for s in skills])
    return Category(name=name, weight=0, had_data=True, score=value, evidence=evidence)


def _experience(profile: Profile, job: JobSpec, level: Seniority, today: date) -> Category:
    name = CategoryName.EXPERIENCE
    wanted = experience_asked(job)
    if wanted is None:
        return Category(name=name, weight=0, had_data=False, score=0)
    months = profile.experience_months(job, level is Seniority.ENTRY, today)
    years = round(months / 12, 1)
    if not wanted:
        value, sign = 100.0, EvidenceSign.POSITIVE
        words = f"{years} years of experience; the job asks for none"
    else:
        value = rounded(min(1.0, months / (12 * wanted)) * 100, 2)
        sign = (
            EvidenceSign.POSITIVE
            if value >= 100
            else (EvidenceSign.MIXED if value > 0 else EvidenceSign.NEGATIVE)
        )
        counted = "roles and projects" if level is Seniority.ENTRY else "roles"
        field = f" related to {job.title}" if job.occupation_code and job.title else ""
        asked = "asked" if job.experience_min is not None else "counted in full (none named)"
        words = f"{years} years in dated {counted}{field} against {wanted} {asked}"
    if job.experience_max is not None and months > 12 * (job.experience_max + 5):
        sign = EvidenceSign.MIXED
        words += f" (well beyond the {job.experience_max} years the job names as its range)"
    return Category(
        name=name,
        weight=0,
        had_data=True,
        score=value,
        evidence=[CategoryEvidence(sign=sign, text=words)],
    )


def _education(profile: Profile, job: JobSpec) -> Category:
    name = CategoryName.EDUCATION
    wanted = EDUCATION_RANK.get(job.education or "")
    if wanted is None:
        return Category(name=name, weight=0, had_data=False, score=0)
    rank, fact = profile.education_rank()
    if rank >= wanted:
        value, sign = 100.0, EvidenceSign.POSITIVE
    elif rank == wanted - 1:
        value, sign = _CLOSE_TO_LEVEL, EvidenceSign.MIXED
    else:
        value, sign = 0.0, EvidenceSign.NEGATIVE
    held = fact.value if fact else "no degree on record"
    return Category(
        name=name,
        weight=0,
        had_data=True,
        score=value,
        evidence=[CategoryEvidence(sign=sign, text=f"{held}; the job asks for {job.education}")],
    )


def _gaps(skills: list[SkillMatch]) -> list[Gap]:
    gaps = []
    for s in skills:
        if s.credit >= MET and s.way is not MatchWay.SIMILAR:
            continue
        if s.way is None:
            closes = (
                f"show {s.name} in a role or project (or add it if you have used it); a "
                "course or certification counts for less"
            )
        else:
            closes = (
                f"you have {s.fact_value} ({s.way.value.replace('_', ' ')}); show {s.name} "
                "itself in a role or project"
            )
        gaps.append(
            Gap(
                onet_id=s.onet_id,
                name=s.name,
                required=s.required,
                credit=s.credit,
                closes_it=closes,
            )
        )
    return gaps


def _explain(
    total: float,
    categories: dict[CategoryName, Category],
    skills: list[SkillMatch],
    gaps: list[Gap],
) -> str:
    required = [s for s in skills if s.required]
    met = [s for s in required if s.credit >= MET]
    parts = [f"score {total:g}"]
    if required:
        shown = "; ".join(s.explanation for s in met[:3])
        parts.append(
            f"meets {len(met)} of {len(required)} required skills"
            + (f" ({shown})" if shown else "")
        )
    for name in (CategoryName.EXPERIENCE, CategoryName.EDUCATION):
        category = categories[name]
        if category.had_data and category.evidence:
            parts.append(category.evidence[0].text)
    if gaps:
        parts.append("gaps: " + ", ".join(g.name for g in gaps[:5]))
    return "; ".join(parts) + "."
