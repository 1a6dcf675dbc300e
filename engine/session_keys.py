"""Where interview sessions keep their state in Redis: one key per session, and per person the
set of their sessions (so deleting a person finds them all)."""

from .people import Scope

__all__ = ["person_sessions_key", "session_key"]


def session_key(tenant: str, session: str) -> str:
    return f"interview:{tenant}:{session}"


def person_sessions_key(scope: Scope) -> str:
    return f"interviews:{scope.tenant}:{scope.person}"
