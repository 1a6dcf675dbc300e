"""Errors from reading an O*NET release. Each names the file and the problem."""

__all__ = ["OnetError", "ReleaseError"]


class OnetError(Exception):
    """Root of every O*NET loader error."""


class ReleaseError(OnetError):
    """A release file is missing, unreadable or malformed; nothing was written to the graph."""

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(f"{file}: {problem}")
