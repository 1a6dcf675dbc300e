"""A bounded fuzz run of the GraphQL and REST API: generated operations (valid ones with random
arguments, and invalid ones), random ids, file names and bodies, with tokens of every role.
Nothing may answer 5xx or the masked "Unexpected error.": input the API can recognise as bad
gets an error that says so."""

from collections.abc import Callable
from typing import Any

import httpx
import hypothesis_graphql
from graphql import IntValueNode, NameNode, NullValueNode, ObjectFieldNode, ObjectValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode

from api.auth import Role
from api.graphql import schema

SCHEMA = str(schema)


def _json_literal(values: list[int]) -> Any:
    return ObjectValueNode(
        fields=tuple(
            ObjectFieldNode(name=NameNode(value=f"k{i}"), value=IntValueNode(value=str(v)))
            for i, v in enumerate(values)
        )
    )


SCALARS = {
    "JSON": st.one_of(
        st.just(NullValueNode()),
        st.lists(st.integers(), max_size=3).map(_json_literal),
    ),
}
# Uploads need a multipart body (fuzzed through REST below); refreshAnalytics copies the whole
# graph (seconds a call; tests/api/test_privacy_api.py drives it). Every other mutation is
# generated.
MUTATIONS = [
    "updateFact", "confirmFact", "deleteFact", "setDocumentType", "setFactVisibility",
    "deleteDocument", "deletePerson", "createJob", "startInterview", "answer",
    "setInterviewGoal", "endInterview",
]  # fmt: skip
NOT_FUZZED = {"uploadDocument", "refreshAnalytics"}
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_every_mutation_is_fuzzed() -> None:
    fields = set(schema._schema.mutation_type.fields)  # type: ignore[union-attr]
    assert fields - NOT_FUZZED == set(MUTATIONS)


def _acceptable(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    assert "Unexpected error" not in response.text, response.text


@FUZZ
@given(
    query=st.one_of(
        hypothesis_graphql.queries(SCHEMA, custom_scalars=SCALARS),
        hypothesis_graphql.queries(SCHEMA, custom_scalars=SCALARS, mode=Mode.NEGATIVE),
        hypothesis_graphql.mutations(SCHEMA, fields=MUTATIONS, custom_scalars=SCALARS),
    ),
    role=st.sampled_from(list(Role)),
)
async def test_generated_operations_never_fail_inside(
    client: httpx.AsyncClient, token: Callable[..., str], query: str, role: Role
) -> None:
    response = await client.post(
        "/graphql", json={"query": query},
        headers={"Authorization": f"Bearer {token(role, 'fuzz', 'fuzzer')}"},
    )  # fmt: skip
    _acceptable(response)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    person=st.one_of(st.none(), st.text(max_size=300)),
    filename=st.text(max_size=300),
    body=st.one_of(
        st.binary(max_size=2048),
        st.text(max_size=2048).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
)
async def test_generated_uploads_never_fail_inside(
    client: httpx.AsyncClient,
    token: Callable[..., str],
    person: str | None,
    filename: str,
    body: bytes,
) -> None:
    response = await client.post(
        "/api/v1/documents",
        files={"file": (filename or "x", body)},
        data={"person_id": person} if person is not None else {},
        headers={"Authorization": f"Bearer {token(Role.RECRUITER, 'fuzz', 'fuzzer')}"},
    )
    _acceptable(response)
