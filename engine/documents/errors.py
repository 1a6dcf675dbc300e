"""Why a document was refused. Each code has a message that says what to do."""

from ..errors import EngineError

__all__ = ["DocumentRejected"]


class DocumentRejected(EngineError):
    """The file was not accepted; nothing from it was kept but a quarantine record."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        self.code = code
        super().__init__(message, hint)
