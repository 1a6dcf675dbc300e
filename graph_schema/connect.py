"""Open the graph store a URL names: embedded FalkorDB, a FalkorDB server, or Neo4j."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import UnsupportedGraphURL
from .falkor import FalkorStore, FsyncPolicy
from .store import GraphStore

__all__ = ["EMBEDDED_URL", "connect"]

EMBEDDED_URL = "embedded://"


def connect(
    url: str,
    *,
    data_dir: Path,
    graph_name: str = "careergraph",
    fsync: FsyncPolicy = "always",
    neo4j_user: str = "neo4j",
    neo4j_password: str = "",
    neo4j_database: str | None = None,
    memory_limit: int | None = None,
    query_memory: int | None = None,
) -> GraphStore:
    """Connect to the store at `url`.

    - `embedded://` (default): FalkorDB run (and restarted if it dies) by this process under
      `data_dir`, its data segment capped at `memory_limit` bytes.
    - `falkordb://host:port`: a FalkorDB server.

    `query_memory` caps what one query may allocate (FalkorDB's QUERY_MEM_CAPACITY).
    - `bolt://…`, `neo4j://…` (and `+s`/`+ssc` variants): Neo4j 5; credentials from the URL's
      user-info or from the arguments.
    """
    scheme = urlsplit(url).scheme.lower()
    # CMD_INFO off: FalkorDB would keep recent queries, parameters included, in a Redis stream
    # of its own, where person data would outlive its deletion.
    config: dict[str, int | str] = {"CMD_INFO": "no", "MAX_INFO_QUERIES": 0}
    if query_memory:
        config["QUERY_MEM_CAPACITY"] = query_memory
    if scheme == "embedded":
        return FalkorStore.embedded(
            data_dir, graph_name, fsync, memory_limit=memory_limit, graph_config=config
        )
    if scheme in ("falkordb", "falkor", "redis"):
        return FalkorStore.server(url, graph_name, config)
    if scheme.split("+")[0] in ("bolt", "neo4j"):
        from .neo4j_store import Neo4jStore

        parts = urlsplit(url)
        user = unquote(parts.username) if parts.username else neo4j_user
        password = unquote(parts.password) if parts.password else neo4j_password
        netloc = parts.hostname or "localhost"
        if parts.port:
            netloc += f":{parts.port}"
        clean = f"{parts.scheme}://{netloc}"
        return Neo4jStore.connect(clean, user, password, neo4j_database)
    raise UnsupportedGraphURL(
        f"graph URL {url!r} has an unsupported scheme {scheme!r}; use embedded://, "
        "falkordb://host:port, bolt://host:port or neo4j://host:port"
    )
