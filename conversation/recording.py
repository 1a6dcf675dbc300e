"""What an answer established, written to the fact store: new facts and more evidence with the
turn as their source, then confirmations, removals and corrections through the edit path."""

from engine import NotFound
from engine.documents.fact_types import skill_identity
from engine.facts import FactKind, FactStore, StoredFact
from engine.facts.store import fact_id
from engine.people import Scope

from .model import FactChangeKind, LearnedFact
from .understanding import QUOTE, Edit, Understood

__all__ = ["facts_by_id", "record"]


async def record(
    store: FactStore, scope: Scope, session: str, actor: str, understood: Understood,
    facts: list[StoredFact], text: str,
) -> list[LearnedFact]:  # fmt: skip
    """`facts`: the facts the question was about; `actor` goes into the audit trail of every
    edit. Returns what changed, in words."""
    written = await store.record_turn_changes(scope, session, understood.writes)
    learned = []
    for write, (made, created) in zip(understood.writes, written, strict=True):
        change = FactChangeKind.CREATED if created else FactChangeKind.EVIDENCED
        learned.append(LearnedFact(
            fact_id=made, onet_id=write.fact.onet_id, kind=write.fact.kind.value,
            value=write.fact.value, change=change, quote=write.evidence.text,
            detail=_detail(write.fact.kind, write.fact.value, write.fact.months, change),
        ))  # fmt: skip
    by_id = {f.id: f for f in facts}
    for edit in understood.edits:
        if edit.action == "retract":  # a skill claimed earlier in the session, by its O*NET id
            edit.action = "delete"
            edit.fact_id = fact_id(scope, FactKind.SKILL, skill_identity(edit.fact_id, ""))
            by_id |= {f.id: f for f in await facts_by_id(store, scope, [edit.fact_id])}
            claimed = by_id.get(edit.fact_id)
            if claimed is not None and not _only_from(claimed, session):
                continue  # a document shows it too: the claim was not all it rests on
        fact = by_id.get(edit.fact_id)
        if fact is None:
            continue
        try:
            change, detail = await _edit(store, scope, actor, edit, fact)
        except NotFound:
            continue  # removed meanwhile
        learned.append(LearnedFact(
            fact_id=edit.fact_id, onet_id=fact.onet_id, kind=fact.kind.value, value=fact.value,
            change=change,
            detail=detail, quote=text[:QUOTE],
        ))  # fmt: skip
    return learned


async def _edit(
    store: FactStore, scope: Scope, actor: str, edit: Edit, fact: StoredFact
) -> tuple[FactChangeKind, str]:
    if edit.action == "confirm":
        await store.confirm(scope, edit.fact_id, actor)
        return FactChangeKind.CONFIRMED, f"{fact.value}: confirmed"
    if edit.action == "delete":
        await store.delete(scope, edit.fact_id, actor)
        return FactChangeKind.UPDATED, f"{fact.value}: removed (said wrong)"
    assert edit.change is not None
    await store.update(scope, edit.fact_id, actor, edit.change)
    until = edit.change.valid_to or "now"
    return FactChangeKind.UPDATED, f"{fact.value}: dates set to {edit.change.valid_from} - {until}"


async def facts_by_id(store: FactStore, scope: Scope, ids: list[str]) -> list[StoredFact]:
    found = []
    for fact in ids:
        page = await store.facts(scope, None, 1, 0, fact_id=fact, private=True, count=False)
        found += page.items
    return found


def _only_from(fact: StoredFact, session: str) -> bool:
    return all(e.session == session for e in fact.evidence)


def _detail(kind: str, value: str, months: int | None, change: FactChangeKind) -> str:
    said = f"{value} ({kind}" + (f", {months} months" if months else "") + ")"
    return said if change is FactChangeKind.CREATED else f"{said}: more evidence"
