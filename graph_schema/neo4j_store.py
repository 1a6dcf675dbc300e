"""Neo4j 5 backend through the official async driver."""

from collections.abc import Mapping
from typing import Any

from neo4j import READ_ACCESS, WRITE_ACCESS, AsyncDriver, AsyncGraphDatabase, Query
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable
from neo4j.graph import Node, Path, Relationship

from .dialect import NEO4J
from .errors import GraphUnavailable, QueryFailed, QueryTimeout, WriteRefused
from .store import GraphStore, Row

__all__ = ["Neo4jStore"]


def _plain(value: Any) -> Any:
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": _props(dict(value))}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": _props(dict(value))}
    if isinstance(value, Path):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "relationships": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j temporal types
        return value.iso_format()
    return value


def _props(properties: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in properties.items()}


def _translate(error: Neo4jError) -> Exception:
    code = error.code or ""
    message = error.message or str(error)
    if isinstance(error, ServiceUnavailable):
        return GraphUnavailable(f"Neo4j did not answer: {message}")
    if "AccessMode" in code or "read access mode" in message:
        return WriteRefused(
            "this query writes to the graph, and only read-only queries are allowed here; "
            "remove CREATE/MERGE/SET/DELETE/REMOVE clauses"
        )
    if "TransactionTimedOut" in code or "Timeout" in code:
        return QueryTimeout("the query ran past its time limit; narrow it or add a LIMIT")
    return QueryFailed(f"Neo4j rejected the query: {message}")


class Neo4jStore(GraphStore):
    dialect = NEO4J
    backend = "neo4j"

    def __init__(self, driver: AsyncDriver, database: str | None) -> None:
        self._driver = driver
        self._database = database

    @classmethod
    def connect(cls, url: str, user: str, password: str, database: str | None) -> "Neo4jStore":
        return cls(AsyncGraphDatabase.driver(url, auth=(user, password)), database)

    async def execute(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_only: bool = False,
        timeout_ms: int | None = None,
        max_rows: int | None = None,
    ) -> list[Row]:
        timeout = timeout_ms / 1000 if timeout_ms else None
        mode = READ_ACCESS if read_only else WRITE_ACCESS
        try:
            async with self._driver.session(
                database=self._database, default_access_mode=mode,
                fetch_size=min(max_rows, 1000) if max_rows else 1000,
            ) as session:  # fmt: skip
                result = await session.run(Query(query, timeout=timeout), dict(params or {}))
                rows: list[Row] = []
                async for record in result:
                    rows.append(
                        {k: _plain(v) for k, v in zip(record.keys(), record.values(), strict=True)}
                    )
                    if max_rows is not None and len(rows) >= max_rows:
                        break
                await result.consume()  # discards what was not read: the server stops there
                return rows
        except Neo4jError as e:
            raise _translate(e) from e
        except OSError as e:
            raise GraphUnavailable(f"Neo4j did not answer: {e}") from e

    async def drop_unique_constraint(self, label: str, *props: str) -> None:
        await self.execute(
            f"DROP CONSTRAINT {self.dialect.constraint_name(label, props)} IF EXISTS"
        )

    async def create_unique_constraint(self, label: str, *props: str) -> None:
        statement = self.dialect.unique_constraint(label, *props)
        assert statement is not None
        try:
            await self.execute(statement)
        except QueryFailed as e:
            if not isinstance(e.__cause__, ClientError) or "EquivalentSchemaRule" not in str(
                e.__cause__.code
            ):
                raise

    async def clear(self) -> None:
        await self.execute(
            "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        )

    async def ping(self) -> None:
        try:
            await self._driver.verify_connectivity()
        except (Neo4jError, OSError) as e:
            raise GraphUnavailable(f"Neo4j did not answer: {e}") from e

    async def close(self) -> None:
        await self._driver.close()
