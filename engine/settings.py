"""The one settings object. Every value can be set by an environment variable CAREERGRAPH_<NAME>."""

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["PLACEHOLDER_SECRETS", "Settings", "default_data_dir"]

PLACEHOLDER_SECRETS = {"changeme", "change-me", "changethis", "secret", "jwt-secret", "password"}


def default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "careergraph"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CAREERGRAPH_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="where the embedded stores and generated secrets live",
    )
    graph_url: str = Field(
        "embedded://",
        description="embedded://, falkordb://host:port, bolt://host:port or neo4j://host:port",
    )
    graph_name: str = "careergraph"
    embedded_fsync: Literal["always", "everysec"] = Field(
        "always",
        description="append-only-file fsync policy of the embedded store: 'always' loses no "
        "acknowledged write even on power loss; 'everysec' may lose the last second",
    )
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str | None = None
    redis_url: str | None = Field(
        None, description="external Redis; unset uses the Redis server the embedded store runs"
    )
    jwt_secret: SecretStr | None = Field(
        None, description="HS256 signing secret; unset generates one under data_dir"
    )
    jwt_issuer: str = "careergraph"
    token_ttl_minutes: int = Field(15, ge=1, le=60 * 24 * 365)
    """lifetime of an access token; a refresh token gets a new one"""
    refresh_ttl_days: int = Field(30, ge=1, le=365)
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    llm: Literal["none", "ollama"] = Field(
        "none", description="a chat model that rewords interview questions (never decides facts)"
    )
    llm_model: str = Field("llama3.1", max_length=200, description="the Ollama model to use")
    ollama_url: str = Field("http://localhost:11434", max_length=500)
    interview_questions: int = Field(
        15, ge=1, le=100, description="questions one interview session asks at most"
    )
    interview_ttl_hours: int = Field(
        24 * 7, ge=1, le=24 * 365, description="how long an idle interview can be taken up again"
    )
    onet_release: Path | None = Field(
        None, description="O*NET release folder or zip for first start; unset uses the bundled one"
    )
    cypher_timeout_ms: int = Field(5000, ge=100, le=600_000)
    cypher_max_rows: int = Field(1000, ge=1, le=100_000)
    cypher_concurrency: int = Field(
        1, ge=1, le=16, description="analyst queries running at once (others wait, then BUSY)"
    )
    analytics_max_age_s: int = Field(
        300, ge=0, description="analyst Cypher reads a copy of the graph at most this old"
    )
    analytics_memory_mb: int = Field(
        1536, ge=512, description="memory cap of the server that runs analyst Cypher"
    )
    analytics_warm: bool = Field(
        False, description="make the analytics copy as soon as serve is ready, not on first use"
    )
    embedded_memory_mb: int = Field(
        8192, ge=512, description="memory cap of the embedded graph server (its data segment)"
    )
    query_memory_mb: int = Field(
        1024, ge=0, description="most one FalkorDB query may allocate (0: no limit)"
    )
    request_timeout_s: float = Field(
        30.0, gt=0, le=600, description="longest a GraphQL operation may run"
    )
    max_request_kb: int = Field(
        1024, ge=16, description="largest request body other than a document upload"
    )
    max_query_depth: int = Field(15, ge=5, le=50, description="GraphQL nesting limit")
    max_query_aliases: int = Field(30, ge=1, le=1000, description="GraphQL aliases limit")
    max_query_cost: int = Field(
        1000,
        ge=10,
        description="GraphQL cost limit: a field 1, a search 10, an upload 100, "
        "analyst Cypher 200; each use of a fragment counts again",
    )
    introspection: bool = Field(
        True, description="GraphQL introspection (schema queries) for signed-in callers"
    )
    max_upload_mb: int = Field(10, ge=1, le=100, description="largest document accepted")
    max_person_mb: int = Field(50, ge=1, le=10_000, description="all of one person's documents")
    max_pages: int = Field(50, ge=1, le=5000, description="pages per document")
    rate_limit_per_minute: int = Field(
        600, ge=0, description="requests per minute per caller; 0 turns limiting off"
    )
    expensive_per_minute: int = Field(
        30, ge=0, description="uploads and analyst queries per minute per caller; 0: off"
    )

    @field_validator("jwt_secret", "redis_url", "neo4j_database", "onet_release", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("jwt_secret")
    @classmethod
    def _refuse_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        secret = value.get_secret_value()
        if secret.lower() in PLACEHOLDER_SECRETS or len(secret) < 32:
            raise ValueError(
                "CAREERGRAPH_JWT_SECRET is a placeholder or shorter than 32 characters; set it to "
                "a random value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'"
                ", or unset it to have one generated under the data directory"
            )
        return value
