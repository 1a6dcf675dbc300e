"""The bounds of `engine.bounds` applied to every ID and String argument of every field, as the
field is resolved (OperationGuard calls `check_arguments`), so a new field is bounded without
anyone remembering to check it. Fields that take a shorter value (a search string) check their
own tighter limit on top. Input objects are checked field by field, lists item by item.
"""

from typing import Any

from graphql import (
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
)

from engine import InvalidInput, NotFound
from engine.bounds import MAX_TEXT_CHARS, check_id, check_text

__all__ = ["BadInput", "bad_input", "check_arguments", "not_found"]


class BadInput(GraphQLError):
    """An argument outside its bounds; the message says which limit and what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        extensions: dict[str, Any] = {"code": "BAD_INPUT"}
        if hint:
            extensions["hint"] = hint
        super().__init__(f"{message} {hint}" if hint else message, extensions=extensions)


def bad_input(error: InvalidInput) -> BadInput:
    return BadInput(error.message, error.hint)


def not_found(error: NotFound) -> GraphQLError:
    return GraphQLError(error.message, extensions={"code": "NOT_FOUND", "hint": error.hint})


def _check(value: Any, type_: GraphQLInputType, name: str) -> None:
    if value is None:
        return
    if isinstance(type_, GraphQLNonNull):
        _check(value, type_.of_type, name)
    elif isinstance(type_, GraphQLList):
        for item in value if isinstance(value, list) else [value]:
            _check(item, type_.of_type, name)
    elif isinstance(type_, GraphQLInputObjectType):
        if isinstance(value, dict):
            for key, field in type_.fields.items():
                _check(value.get(key), field.type, f"{name}.{key}")
    elif isinstance(type_, GraphQLNamedType) and isinstance(value, str):
        if type_.name == "ID":
            check_id(value, f"argument {name!r}")
        elif type_.name == "String":
            check_text(value, f"argument {name!r}", MAX_TEXT_CHARS)


def check_arguments(info: Any, arguments: dict[str, Any]) -> None:
    """Raise BadInput naming the first argument outside its bounds."""
    definition = info.parent_type.fields.get(info.field_name)
    if definition is None:
        return
    try:
        for name, value in arguments.items():
            argument = definition.args.get(name)
            if argument is not None:
                _check(value, argument.type, name)
    except InvalidInput as e:
        raise bad_input(e) from None
