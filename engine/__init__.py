"""The domain: ontology search and reading, embeddings, analytics. Never imports the API."""

from .analytics import CypherResult, run_read_only
from .embeddings import Embedder
from .errors import EngineError, InvalidInput, NotFound
from .models import (
    JobZoneInfo,
    LabelCount,
    OccupationDetail,
    OccupationHit,
    OntologyInfo,
    Page,
    RatedElement,
    RelatedOccupation,
    SkillHit,
    TechnologyUse,
    TitleInfo,
)
from .ontology import OntologyReader
from .runtime import Runtime
from .search import MAX_RESULTS, Search
from .settings import Settings

__all__ = [
    "MAX_RESULTS",
    "CypherResult",
    "Embedder",
    "EngineError",
    "InvalidInput",
    "JobZoneInfo",
    "LabelCount",
    "NotFound",
    "OccupationDetail",
    "OccupationHit",
    "OntologyInfo",
    "OntologyReader",
    "Page",
    "RatedElement",
    "RelatedOccupation",
    "Runtime",
    "Search",
    "Settings",
    "SkillHit",
    "TechnologyUse",
    "TitleInfo",
    "run_read_only",
]
