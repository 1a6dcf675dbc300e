"""Errors the engine raises. Each says what was wrong and what to do."""

__all__ = ["EngineError", "InvalidInput", "NotFound"]


class EngineError(Exception):
    """Root of every engine error."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} {hint}" if hint else message)


class InvalidInput(EngineError):
    """The caller sent something the engine cannot use."""


class NotFound(EngineError):
    """The thing asked for does not exist (or is not visible to the caller)."""
