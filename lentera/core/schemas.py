"""API schema helpers. InputSchema is the base of every API request body: a field the API does not know is
refused (422), never silently ignored (#12 1.4: `representative_nik` on a PATCH used to be dropped without a word)."""

from __future__ import annotations

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


def blank_is_none(value: object) -> object:
    """An optional query value sent empty (``?hps_max=``, what a form or a client sends for "no value") means
    no value, not a parse error."""
    return None if value == "" else value


#: For optional query parameters: ``Annotated[int | None, BlankIsNone, Query(ge=1)] = None``.
BlankIsNone = BeforeValidator(blank_is_none)


def query_number(json_type: str = "number", **bounds: float) -> WithJsonSchema:
    """How an optional number in a query string is documented: a plain number with its bounds. Leaving the
    parameter out (or sending it empty) means "no value"; a query string has no null, so none is documented."""
    return WithJsonSchema({"type": json_type, **bounds})
