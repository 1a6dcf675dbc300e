"""What one GraphQL operation may ask for: depth, aliases and cost, measured in one pass.

Each fragment is measured once and remembered, and every spread of it adds its measure again:
a fragment spread twice costs twice, so a document that doubles a fragment at every level
costs 2^levels, and is refused after reading each fragment once (in milliseconds), instead of
being walked 2^levels times by per-spread limiters. Introspection is measured like any query.
"""

from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)

__all__ = ["EXPENSIVE_FIELDS", "Limits", "Measure", "check_operation", "measure_operation"]

# Root fields whose work is far above an ordinary read; each use counts this much.
FIELD_COSTS: dict[tuple[str, str], int] = {
    ("query", "cypher"): 200,
    ("mutation", "uploadDocument"): 100,
    ("query", "skills"): 10,
    ("query", "occupations"): 10,
    ("query", "matchJobs"): 100,
    ("query", "matchCandidates"): 100,
    ("query", "insights"): 100,
    ("query", "skillGraph"): 50,
    ("query", "searchCandidates"): 50,
    ("mutation", "startInterview"): 20,
    ("mutation", "answer"): 20,
    ("mutation", "setInterviewGoal"): 20,
    ("subscription", "interviewReply"): 20,
}
EXPENSIVE_FIELDS: frozenset[tuple[str, str]] = frozenset(
    {
        ("query", "cypher"),
        ("mutation", "uploadDocument"),
        ("query", "matchJobs"),
        ("query", "matchCandidates"),
        ("query", "insights"),
    }
)

_INTROSPECTION = frozenset({"__schema", "__type"})


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_cost: int


@dataclass(frozen=True)
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0
    expensive: int = 0
    introspection: int = 0

    def __add__(self, other: "Measure") -> "Measure":
        return Measure(
            max(self.depth, other.depth),
            self.aliases + other.aliases,
            self.cost + other.cost,
            self.expensive + other.expensive,
            self.introspection + other.introspection,
        )


class _Meter:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self._fragments = fragments
        self._memo: dict[tuple[str, bool], Measure] = {}
        self._open: set[str] = set()

    def selection(self, node: SelectionSetNode | None, root: str | None) -> Measure:
        total = Measure()
        for selection in node.selections if node else ():
            if isinstance(selection, FieldNode):
                total += self.field(selection, root)
            elif isinstance(selection, InlineFragmentNode):
                total += self.selection(selection.selection_set, root)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, root)
        return total

    def field(self, node: FieldNode, root: str | None) -> Measure:
        inner = self.selection(node.selection_set, None)
        key = (root or "", node.name.value)
        return Measure(
            depth=inner.depth + 1,
            aliases=inner.aliases + (1 if node.alias else 0),
            cost=inner.cost + FIELD_COSTS.get(key, 1),
            expensive=inner.expensive + (1 if key in EXPENSIVE_FIELDS else 0),
            introspection=inner.introspection + (node.name.value in _INTROSPECTION),
        )

    def fragment(self, name: str, root: str | None) -> Measure:
        memo_key = (name, root is not None)
        if memo_key in self._memo:
            return self._memo[memo_key]
        definition = self._fragments.get(name)
        if definition is None or name in self._open:
            return Measure()  # unknown fragments and cycles are other rules' errors
        self._open.add(name)
        try:
            found = self.selection(definition.selection_set, root)
        finally:
            self._open.discard(name)
        self._memo[memo_key] = found
        return found


def measure_operation(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> Measure:
    root = operation.operation.value if operation.operation != OperationType.SUBSCRIPTION else ""
    return _Meter(fragments).selection(operation.selection_set, root or "subscription")


def check_operation(
    operation: OperationDefinitionNode, document: DocumentNode, limits: Limits
) -> Measure:
    """The operation's measure; a GraphQLError (QUERY_TOO_COMPLEX) when it is over a limit."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    found = measure_operation(operation, fragments)
    for value, limit, what, hint in (
        (found.depth, limits.max_depth, "depth", "Ask for fewer nested levels."),
        (found.aliases, limits.max_aliases, "aliases", "Send fewer aliased fields."),
        (found.cost, limits.max_cost, "cost", "Ask for fewer fields, or split the query; "
         "every use of a fragment counts again."),
    ):  # fmt: skip
        if value > limit:
            raise GraphQLError(
                f"the operation is too large: its {what} is {value:,}, the limit is {limit:,}.",
                operation,
                extensions={"code": "QUERY_TOO_COMPLEX", "hint": hint},
            )
    return found
