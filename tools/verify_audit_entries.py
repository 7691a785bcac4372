#!/usr/bin/env python3
"""Check a Lentera site's published audit chain with nothing but Python's standard library (#12 1.9).

    python3 verify_audit_entries.py https://lpse.example.go.id            # fetch and check
    python3 verify_audit_entries.py https://lpse.example.go.id --save audit.json
    python3 verify_audit_entries.py audit.json --expect-head HASH         # check a saved export offline

It checks that the entries run from #1 without a gap or a reordering, that each entry's ``prev_hash`` is the
hash of the entry before it (64 zeros for the first), that the last entry is the head the site publishes at
``/api/v1/audit/head`` (and, with ``--expect-head``, that a head hash you pinned earlier is still in the chain),
and recomputes the SHA-256 of every public entry from its published body. Exit status 0 when everything
holds, 1 naming the first bad entry, 2 when the source cannot be read.

A saved export is ``{"head": {"seq", "hash", ...}, "entries": [...]}`` (what ``--save`` writes); a single
page of ``/api/v1/audit/entries`` saved as it came is accepted too (without a head to compare).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.parse
import urllib.request
from typing import Any

GENESIS_HASH = "0" * 64
PAGE = 1000


class Broken(Exception):
    def __init__(self, seq: int, problem: str):
        super().__init__(f"BROKEN at entry #{seq}: {problem}")
        self.seq = seq


def canonical_json(body: dict[str, Any]) -> bytes:
    """As the site hashes it: UTF-8 JSON, keys sorted, separators "," and ":", non-ASCII kept."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fetch_json(url: str) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the user's own URL
        return json.load(response)


def fetch(base: str) -> dict[str, Any]:
    """The head first, then every entry up to it (entries appended meanwhile are left for the next run)."""
    root = base.rstrip("/")
    head = fetch_json(f"{root}/api/v1/audit/head")
    entries: list[dict[str, Any]] = []
    after = 0
    while after < int(head["seq"]):
        query = urllib.parse.urlencode({"after_seq": after, "limit": PAGE})
        page = fetch_json(f"{root}/api/v1/audit/entries?{query}")
        rows = page["entries"]
        if not rows:
            break
        entries.extend(row for row in rows if int(row["seq"]) <= int(head["seq"]))
        after = int(rows[-1]["seq"])
    return {"head": head, "entries": entries}


def load(source: str) -> dict[str, Any]:
    if source.startswith(("http://", "https://")):
        return fetch(source)
    with open(source, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, list):
        data = {"entries": data}
    return data


def check_entry(entry: dict[str, Any], *, expected_seq: int, prev_hash: str, later: set[Any]) -> None:
    seq = entry.get("seq")
    if not isinstance(seq, int):
        raise Broken(expected_seq, f"entry after #{expected_seq - 1} has no sequence number")
    if seq > expected_seq:
        if expected_seq in later:
            raise Broken(expected_seq, f"entry #{expected_seq} is out of order (#{seq} comes before it)")
        raise Broken(expected_seq, f"entry #{expected_seq} is missing (the next one given is #{seq})")
    if seq < expected_seq:
        raise Broken(seq, f"entry #{seq} is out of order (expected #{expected_seq})")
    digest = entry.get("hash")
    if not isinstance(digest, str) or len(digest) != 64:
        raise Broken(seq, "its hash is not a SHA-256 hex digest")
    if entry.get("prev_hash") != prev_hash:
        raise Broken(
            seq, "its prev_hash is not the hash of the entry before it (inserted, removed or reordered)"
        )
    body = entry.get("body")
    if entry.get("recomputable"):
        if not isinstance(body, dict):
            raise Broken(seq, "it is marked recomputable but has no body")
        for name in ("seq", "prev_hash", "occurred_at"):
            if body.get(name) != entry.get(name):
                raise Broken(seq, f"its body's {name} differs from the entry's")
        if hashlib.sha256(canonical_json(body)).hexdigest() != digest:
            raise Broken(seq, f"its body does not hash to its hash (content changed: {body.get('action')})")


def verify(data: dict[str, Any], *, expect_head: str | None = None) -> str:
    """Raise Broken at the first bad entry; return a one-line summary."""
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise ValueError("no list of entries")
    prev_hash, recomputed, withheld = GENESIS_HASH, 0, 0
    hashes = set()
    seqs = {e.get("seq") for e in entries if isinstance(e, dict)}
    for index, entry in enumerate(entries):
        check_entry(entry, expected_seq=index + 1, prev_hash=prev_hash, later=seqs)
        prev_hash = entry["hash"]
        hashes.add(prev_hash)
        if entry.get("recomputable"):
            recomputed += 1
        elif not entry.get("public"):
            withheld += 1
    last_seq = len(entries)
    head = data.get("head")
    if head is not None:
        head_seq, head_hash = int(head.get("seq", -1)), head.get("hash")
        if head_seq > last_seq:
            raise Broken(last_seq + 1, f"the entries end at #{last_seq} but the head is #{head_seq}")
        if head_seq != last_seq or head_hash != prev_hash:
            raise Broken(head_seq, f"the published head {head_hash} is not the last entry's hash {prev_hash}")
    if expect_head and expect_head != GENESIS_HASH and expect_head not in hashes:
        raise Broken(last_seq, f"the pinned head {expect_head} is not in the chain")
    pinned = "" if head is not None else " (no published head to compare with)"
    return (
        f"OK: {last_seq} entries without a gap, {recomputed} public entries recomputed, "
        f"{withheld} with content withheld; head #{last_seq} {prev_hash}{pinned}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="the site's address (https://...) or a saved export (JSON file)")
    parser.add_argument("--save", metavar="FILE", help="also write what was checked to FILE")
    parser.add_argument("--expect-head", metavar="HASH", help="a head hash pinned earlier")
    args = parser.parse_args(argv)
    try:
        data = load(args.source)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot read {args.source}: {exc}", file=sys.stderr)
        return 2
    if args.save:
        with open(args.save, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
    try:
        print(verify(data, expect_head=args.expect_head))
    except Broken as exc:
        print(exc, file=sys.stderr)
        return 1
    except (ValueError, TypeError, AttributeError) as exc:
        print(f"not an audit export: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
