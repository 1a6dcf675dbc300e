"""The GraphQL API."""

from .context import Context
from .schema import schema

__all__ = ["Context", "schema"]
