"""Interviews: what a goal occupation rates, and the turns of a person's sessions (each
scoped by tenant and person)."""

__all__ = [
    "OCCUPATION_WORK_STYLES",
    "SESSION_TURNS",
    "UPSERT_SESSION",
    "WRITE_TURN",
]

OCCUPATION_WORK_STYLES = (
    "MATCH (o:Occupation {code: $code})-[r:HAS_WORK_STYLE]->(w:WorkStyle) "
    "WHERE r.importance >= $importance "
    "RETURN w.id AS id, w.name AS name, r.importance AS importance "
    "ORDER BY r.importance DESC, w.name LIMIT $limit"
)
UPSERT_SESSION = (
    "MATCH (p:Person {id: $person, tenant_id: $tenant}) "
    "MERGE (s:ConversationSession {id: $session, tenant_id: $tenant, person_id: $person}) "
    "SET s.goal = $goal, s.goal_kind = $goal_kind, s.goal_title = $goal_title, "
    "s.started_at = coalesce(s.started_at, $now), s.status = $status "
    "MERGE (p)-[:HAS_SESSION]->(s)"
)
WRITE_TURN = (
    "MATCH (s:ConversationSession {id: $session, tenant_id: $tenant, person_id: $person}) "
    "MERGE (t:ConversationTurn {id: $id}) "
    "SET t.tenant_id = $tenant, t.person_id = $person, t.session_id = $session, "
    "t.number = $number, t.at = $at, t.question = $question, t.answer = $answer, "
    "t.facts = $facts, t.skipped = $skipped "
    "MERGE (s)-[:HAS_TURN]->(t)"
)
SESSION_TURNS = (
    "MATCH (s:ConversationSession {id: $session, tenant_id: $tenant, person_id: $person}) "
    "OPTIONAL MATCH (s)-[:HAS_TURN]->(t:ConversationTurn) "
    "WITH s, t ORDER BY t.number "
    "RETURN s.goal AS goal, s.goal_kind AS goal_kind, s.goal_title AS goal_title, "
    "s.started_at AS started_at, s.status AS status, "
    "collect(t {.number, .at, .question, .answer, .facts, .skipped}) AS turns"
)
