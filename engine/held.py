"""Uploads kept until they can be processed: a document waiting for its type (`needs_type`)
or written in a language the extractors do not read yet (`unsupported_language`).

One file per document under the data directory (which only this user can read), in a folder
per person named by a digest of tenant and person, the file named by the document's id (itself
derived from the content's SHA-256): nothing in a path names a person. A held file goes when
its document is processed or deleted, and with its person; an export includes it.
"""

import hashlib
import os
import shutil
from pathlib import Path

from .people import Scope

__all__ = ["HeldDocuments"]


class HeldDocuments:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _folder(self, scope: Scope) -> Path:
        digest = hashlib.sha256(f"{scope.tenant}\x00{scope.person}".encode()).hexdigest()
        return self._root / digest[:32]

    def _path(self, scope: Scope, document: str) -> Path:
        if not document.replace("-", "").isalnum():
            raise ValueError(f"not a document id: {document!r}")
        return self._folder(scope) / document

    def put(self, scope: Scope, document: str, data: bytes) -> None:
        path = self._path(scope, document)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_suffix(".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)  # never a half-written file under the document's name

    def get(self, scope: Scope, document: str) -> bytes | None:
        path = self._path(scope, document)
        return path.read_bytes() if path.exists() else None

    def held(self, scope: Scope) -> list[str]:
        folder = self._folder(scope)
        return (
            sorted(p.name for p in folder.iterdir() if p.suffix != ".part")
            if folder.is_dir()
            else []
        )

    def drop(self, scope: Scope, document: str) -> None:
        self._path(scope, document).unlink(missing_ok=True)

    def drop_person(self, scope: Scope) -> int:
        folder = self._folder(scope)
        count = len(self.held(scope))
        shutil.rmtree(folder, ignore_errors=True)
        return count
