"""Compile OCDS records: merge a process's releases into its current state (OCDS 1.1 merging rules).

The rules implemented (https://standard.open-contracting.org/1.1/en/schema/merging/), enough for every field
Lentera emits:

* releases are merged in date order (then publication order);
* an object merges key by key, recursively; a ``null`` value removes the field;
* an array of objects that all carry an ``id`` is merged by identity (``id``), item by item;
* any other array (of strings, or objects without ids) replaces the previous value whole;
* ``id``, ``date`` and ``tag`` of releases are not merged: the compiled release gets ``tag: ["compiled"]``,
  the latest ``date`` and ``id`` = ``<ocid>-<date>``.
"""

from __future__ import annotations

import copy
from typing import Any

OMIT = {"id", "date", "tag"}


def _identified(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def _merge_value(old: Any, new: Any) -> Any:
    if isinstance(new, dict):
        base = copy.deepcopy(old) if isinstance(old, dict) else {}
        return _merge_object(base, new)
    if _identified(new):
        merged: dict[str, Any] = {}
        order: list[str] = []
        if _identified(old):
            for item in old:
                key = str(item["id"])
                merged[key] = copy.deepcopy(item)
                order.append(key)
        for item in new:
            key = str(item["id"])
            if key in merged:
                merged[key] = _merge_object(merged[key], item)
            else:
                merged[key] = _merge_object({}, item)
                order.append(key)
        return [merged[k] for k in order]
    return copy.deepcopy(new)


def _merge_object(base: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    for key, value in new.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = _merge_value(base.get(key), value)
    return base


def compile_release(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The compiled release of one ocid (releases already in publication order)."""
    ordered = sorted(enumerate(releases), key=lambda pair: (pair[1].get("date") or "", pair[0]))
    compiled: dict[str, Any] = {}
    for _, release in ordered:
        body = {k: v for k, v in release.items() if k not in OMIT}
        compiled = _merge_object(compiled, body)
    latest = ordered[-1][1] if ordered else {}
    ocid = latest.get("ocid", "")
    date = latest.get("date")
    return {
        "ocid": ocid,
        "id": f"{ocid}-{date}",
        "date": date,
        "tag": ["compiled"],
        **{k: v for k, v in compiled.items() if k != "ocid"},
    }


def record(releases: list[dict[str, Any]], *, linked_base_url: str | None = None) -> dict[str, Any]:
    """An OCDS record: the releases (embedded, or linked when a base URL is given) and the compiled release."""
    ocid = releases[0]["ocid"] if releases else ""
    if linked_base_url:
        linked = [
            {"url": f"{linked_base_url}#{r['id']}", "date": r["date"], "tag": r["tag"]} for r in releases
        ]
    else:
        linked = releases
    return {"ocid": ocid, "releases": linked, "compiledRelease": compile_release(releases)}


def record_package(
    records: list[dict[str, Any]],
    *,
    uri: str,
    published: str,
    publisher: dict[str, Any],
    extensions: list[str],
) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": "1.1",
        "extensions": extensions,
        "publishedDate": published,
        "publisher": publisher,
        "license": "https://opendatacommons.org/licenses/pddl/1.0/",
        "records": records,
    }
