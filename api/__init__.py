"""HTTP API (FastAPI + GraphQL), authentication and the command line."""

from .app import create_app

__all__ = ["create_app"]
