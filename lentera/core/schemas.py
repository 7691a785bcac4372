"""The base of every API request body: a field the API does not know is refused (422), never silently ignored
(#12 1.4: `representative_nik` on a PATCH used to be dropped without a word)."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")
