"""What a person may change on a fact, checked before the fact store applies it."""

from typing import Any

from pydantic import BaseModel, Field, field_validator

from ..errors import InvalidInput
from .model import FactStatus

__all__ = ["EDITABLE", "FactChange", "FactHistoryEntry", "planned_update"]

_ISO_DATE = r"^\d{4}(-(0[1-9]|1[0-2]))?$"


class FactChange(BaseModel):
    """Fields to change on a fact (unset fields stay as they are)."""

    value: str | None = Field(default=None, min_length=1, max_length=300)
    normalized: str | None = Field(default=None, min_length=1, max_length=300)
    valid_from: str | None = Field(default=None, pattern=_ISO_DATE)
    valid_to: str | None = Field(default=None, pattern=_ISO_DATE)
    employer: str | None = Field(default=None, max_length=200)
    field: str | None = Field(default=None, max_length=200)
    institution: str | None = Field(default=None, max_length=200)

    @field_validator("value", "normalized", "employer", "field", "institution")
    @classmethod
    def _strip(cls, v: str | None) -> str | None:
        return " ".join(v.split()) if v is not None else None


EDITABLE = tuple(FactChange.model_fields)


class FactHistoryEntry(BaseModel):
    id: str
    action: str
    actor: str
    at: str
    before: dict[str, Any]
    after: dict[str, Any]


def planned_update(current: dict[str, Any], change: FactChange) -> dict[str, Any]:
    """The properties an update sets; a person's own word settles a conflict between sources."""
    changes = change.model_dump(exclude_unset=True, exclude_none=True)
    if not changes:
        raise InvalidInput(
            "the update changes nothing.", f"Give at least one of: {', '.join(EDITABLE)}."
        )
    start = changes.get("valid_from", current.get("valid_from"))
    end = changes.get("valid_to", current.get("valid_to"))
    if start and end and end[:7] < start[:7]:
        raise InvalidInput(
            f"validTo ({end}) is before validFrom ({start}).",
            "Give dates as YYYY or YYYY-MM, the start no later than the end.",
        )
    return {**changes, "status": FactStatus.CONFIRMED.value, "conflict": False, "confidence": 1.0}
