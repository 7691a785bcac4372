"""Validate packages against the shipped OCDS 1.1.5 schema with the bids extension merged (no network).

The extension's release-schema.json is a JSON Merge Patch (RFC 7386) over the release schema; the package schemas
refer to the release schema by its canonical URL, which a local `referencing` registry answers.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
STANDARD_DIR = SCHEMA_DIR / "1.1.5"
STANDARD_ZIP = SCHEMA_DIR / "standard-1__1__5.zip"
BIDS_DIR = SCHEMA_DIR / "extensions" / "bids"
RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def release_schema() -> dict[str, Any]:
    """The OCDS 1.1.5 release schema with the bids extension applied."""
    return merge_patch(_load(STANDARD_DIR / "release-schema.json"), _load(BIDS_DIR / "release-schema.json"))


@functools.cache
def codelist_codes(name: str) -> frozenset[str]:
    import csv

    path = STANDARD_DIR / "codelists" / name
    if not path.exists():
        path = BIDS_DIR / "codelists" / name
    with path.open(encoding="utf-8") as fh:
        return frozenset(row["Code"] for row in csv.DictReader(fh))


def _validator(package_schema_name: str):
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    release = release_schema()
    registry = Registry().with_resource(RELEASE_SCHEMA_URL, Resource.from_contents(release, DRAFT4))
    package_schema = _load(STANDARD_DIR / package_schema_name)
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def errors(package: dict[str, Any]) -> list[str]:
    """Schema errors of a release package or record package (empty when valid)."""
    name = "record-package-schema.json" if "records" in package else "release-package-schema.json"
    validator = _validator(name)
    out = []
    for error in validator.iter_errors(package):
        where = "/".join(str(p) for p in error.absolute_path)
        out.append(f"{where}: {error.message}")
    return out
