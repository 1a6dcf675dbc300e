"""The Careergraph property-graph model: every label, relationship type and property name.

This module is the single written-down source of the model. Cypher in `queries.py` and the
schema set-up in `schema.py` use these names; nothing else invents labels or properties.

Ontology (loaded from O*NET; every node has a unique string `id`):

    (:Occupation:OccupationTerm {id=code, code, title, description, key, embedding})
    (:Title:OccupationTerm {id, name, key, embedding})-[:TITLE_OF {alternate, reported, short,
        sources, release}]->(:Occupation)
    (:Skill|Knowledge|WorkStyle:SkillTerm {id=element_id, element_id, name, description, key,
        embedding})
    (:WorkValue|Interest|Ability|WorkActivity {id=element_id, element_id, name, description})
    (:Technology:SkillTerm {id, name, key, hot, in_demand, embedding})
        -[:IN_CATEGORY]->(:TechnologyCategory {id, code, title, class_title, family_title,
        segment_title})
    (:Tool:SkillTerm {id, name, key, embedding})-[:IN_CATEGORY]->(:TechnologyCategory)
    (:JobZone {id, zone, name, experience, education, training, examples, svp_range})
    (:EducationCategory {id, scale, category, name, element_name})
    (:Task {id, task_id, statement, task_type})
    (:Alias {id=key, key})-[:ALIAS_OF {weight, reason}]->(any SkillTerm or OccupationTerm)
    (:OntologyRelease {id=version, version, checksum, status, started_at, completed_at,
        counts})

    (:Occupation)-[:REQUIRES_SKILL|REQUIRES_KNOWLEDGE {importance, level, not_relevant,
        suppress, release}]->(:Skill|Knowledge)
    (:Occupation)-[:HAS_WORK_STYLE {importance, release}]->(:WorkStyle)
    (:Occupation)-[:HAS_WORK_VALUE {extent, release}]->(:WorkValue)
    (:Occupation)-[:HAS_INTEREST {score, release}]->(:Interest)
    (:Occupation)-[:REQUIRES_ABILITY|HAS_WORK_ACTIVITY {importance, level, not_relevant,
        suppress, release}]->(:Ability|WorkActivity)
    (:Occupation)-[:USES_TECHNOLOGY {hot, in_demand, release}]->(:Technology)
    (:Occupation)-[:USES_TOOL {release}]->(:Tool)
    (:Occupation)-[:RELATED_TO {tier, rank, release}]->(:Occupation)
    (:Occupation)-[:IN_JOB_ZONE {release}]->(:JobZone)
    (:Occupation)-[:REQUIRES_EDUCATION {percent, release}]->(:EducationCategory)
    (:Occupation)-[:HAS_TASK {release}]->(:Task)

Person data (filled by later features; every node carries `tenant_id`, and every query that
reads it is scoped by tenant, and by person where it has one):

    (:Tenant {id})-[:HAS_PERSON]->(:Person {id, tenant_id, created_at, deleting})
        identified by (tenant_id, id): the same id in two tenants is two people. `deleting`
        is set while the person is being deleted; such a person is invisible to reads.
    (:Person)-[:UPLOADED]->(:Document {id, tenant_id, person_id, sha256, doc_type, status})
    (:Person)-[:HAS_FACT]->(:Fact {id, tenant_id, person_id, kind, value, normalized,
        onet_id, confidence, valid_from, valid_to, months, recorded_at, status, conflict,
        conflict_fields, employer, field, institution, metric, technologies})
        status: active, confirmed or deleted (a deleted fact is kept for its audit trail)
        visibility: private (the person and admins) or tenant (default)
        the property names are the fields of engine.facts.model.FactBase
    (:Fact)-[:EVIDENCED_BY {page, start, end, text, section, kind, extractor,
        extractor_version, confidence, valid_from, valid_to, months, recorded_at}]->(:Document)
    (:Fact)-[:EVIDENCED_BY {kind: "user_edit"}]->(:FactEdit)
    (:Fact)-[:EVIDENCED_BY {turn, text, kind: "conversation", ...}]->(:ConversationSession)
    (:Fact)-[:ABOUT]->(:SkillTerm | :Occupation)
    (:Fact {kind: skill})-[:USED_IN]->(:Fact {kind: role | project})
    (:Fact {kind: role | degree | achievement})-[:AT]->(:Fact {kind: employer | institution | role})
    (:FactEdit {id, tenant_id, person_id, fact_id, action, actor, at, before, after})
        -[:EDITED]->(:Fact)    the audit trail; before/after are JSON
    (:Tenant)-[:POSTED]->(:Job {id, tenant_id, person_id, title, occupation_code,
        experience_min, experience_max, education, location, work_arrangement})
    (:Job)-[:DESCRIBED_BY]->(:Document)
    (:Job)-[:REQUIRES {required, confidence, page, start, end, text}]->(:SkillTerm)
    (:Person)-[:HAS_SESSION]->(:ConversationSession {id, tenant_id, person_id, goal, goal_kind,
        goal_title, started_at, status})
    (:ConversationSession)-[:HAS_TURN]->(:ConversationTurn {id, tenant_id, person_id,
        session_id, number, at, question, answer, facts, skipped})    question, facts: JSON
    (:QuarantinedFile {id, tenant_id, person_id, sha256, size, code, reason, at})
        a refused upload: the record only, never the content
    (:Deletion {id, tenant_id, at, requested_by, counts})
        what is left of a deleted person: who asked (a role, or "the person"), when, how much
    (:SchemaVersion {id: "person-data", version, updated_at})
        the person-data layout the graph holds; start-up migrates older graphs
"""

from enum import StrEnum

__all__ = [
    "EMBEDDING_DIMENSION",
    "ONTOLOGY_EDGES",
    "PERSON_LABELS",
    "Label",
    "Rel",
    "SearchLabel",
]

EMBEDDING_DIMENSION = 384


class Label(StrEnum):
    OCCUPATION = "Occupation"
    TITLE = "Title"
    SKILL = "Skill"
    KNOWLEDGE = "Knowledge"
    WORK_STYLE = "WorkStyle"
    WORK_VALUE = "WorkValue"
    INTEREST = "Interest"
    ABILITY = "Ability"
    WORK_ACTIVITY = "WorkActivity"
    TECHNOLOGY = "Technology"
    TOOL = "Tool"
    TECHNOLOGY_CATEGORY = "TechnologyCategory"
    JOB_ZONE = "JobZone"
    EDUCATION_CATEGORY = "EducationCategory"
    TASK = "Task"
    ALIAS = "Alias"
    ONTOLOGY_RELEASE = "OntologyRelease"
    TENANT = "Tenant"
    PERSON = "Person"
    DOCUMENT = "Document"
    FACT = "Fact"
    JOB = "Job"
    FACT_EDIT = "FactEdit"
    CONVERSATION_SESSION = "ConversationSession"
    CONVERSATION_TURN = "ConversationTurn"
    QUARANTINED_FILE = "QuarantinedFile"
    DELETION = "Deletion"
    SCHEMA_VERSION = "SchemaVersion"


class SearchLabel(StrEnum):
    """Secondary labels: one full-text and one vector index each, shared by several kinds."""

    SKILL_TERM = "SkillTerm"
    OCCUPATION_TERM = "OccupationTerm"


class Rel(StrEnum):
    TITLE_OF = "TITLE_OF"
    REQUIRES_SKILL = "REQUIRES_SKILL"
    REQUIRES_KNOWLEDGE = "REQUIRES_KNOWLEDGE"
    HAS_WORK_STYLE = "HAS_WORK_STYLE"
    HAS_WORK_VALUE = "HAS_WORK_VALUE"
    HAS_INTEREST = "HAS_INTEREST"
    REQUIRES_ABILITY = "REQUIRES_ABILITY"
    HAS_WORK_ACTIVITY = "HAS_WORK_ACTIVITY"
    USES_TECHNOLOGY = "USES_TECHNOLOGY"
    USES_TOOL = "USES_TOOL"
    IN_CATEGORY = "IN_CATEGORY"
    RELATED_TO = "RELATED_TO"
    IN_JOB_ZONE = "IN_JOB_ZONE"
    REQUIRES_EDUCATION = "REQUIRES_EDUCATION"
    HAS_TASK = "HAS_TASK"
    ALIAS_OF = "ALIAS_OF"
    HAS_PERSON = "HAS_PERSON"
    UPLOADED = "UPLOADED"
    HAS_FACT = "HAS_FACT"
    EVIDENCED_BY = "EVIDENCED_BY"
    ABOUT = "ABOUT"
    POSTED = "POSTED"
    REQUIRES = "REQUIRES"
    HAS_SESSION = "HAS_SESSION"
    HAS_TURN = "HAS_TURN"
    USED_IN = "USED_IN"
    AT = "AT"
    EDITED = "EDITED"
    DESCRIBED_BY = "DESCRIBED_BY"


# Relationship types whose rows come from a release; each carries `release` so a newer release
# can drop what it no longer contains.
ONTOLOGY_EDGES: tuple[Rel, ...] = (
    Rel.TITLE_OF,
    Rel.REQUIRES_SKILL,
    Rel.REQUIRES_KNOWLEDGE,
    Rel.HAS_WORK_STYLE,
    Rel.HAS_WORK_VALUE,
    Rel.HAS_INTEREST,
    Rel.REQUIRES_ABILITY,
    Rel.HAS_WORK_ACTIVITY,
    Rel.USES_TECHNOLOGY,
    Rel.USES_TOOL,
    Rel.IN_CATEGORY,
    Rel.RELATED_TO,
    Rel.IN_JOB_ZONE,
    Rel.REQUIRES_EDUCATION,
    Rel.HAS_TASK,
    Rel.ALIAS_OF,
)

PERSON_LABELS: tuple[Label, ...] = (
    Label.PERSON,
    Label.DOCUMENT,
    Label.FACT,
    Label.JOB,
    Label.FACT_EDIT,
    Label.CONVERSATION_SESSION,
    Label.CONVERSATION_TURN,
    Label.QUARANTINED_FILE,
)
"""Labels of nodes that belong to one person (each carries `tenant_id` and `person_id`)."""
