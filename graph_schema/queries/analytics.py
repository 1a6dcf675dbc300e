"""Making a tenant's analytics graph from a copy of the whole graph: everything that belongs
to another tenant is removed, in batches, so what an analyst can query is their tenant's data
plus the ontology it links to."""

from ..model import PERSON_LABELS, Label
from ._names import label as _label

__all__ = ["TENANT_SCOPED_LABELS", "drop_other_tenants"]

TENANT_SCOPED_LABELS = (*PERSON_LABELS, Label.DELETION)


def drop_other_tenants(label: str) -> str:
    key = "id" if label == Label.TENANT else "tenant_id"
    return (
        f"MATCH (n:{_label(label)}) WHERE n.{key} IS NULL OR n.{key} <> $tenant "
        "WITH n LIMIT $batch DETACH DELETE n RETURN count(n) AS deleted"
    )
