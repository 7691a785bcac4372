"""Offline verifier for Lentera bid receipts.

Usage::

    python -m lentera.bidding.receipt_verify RECEIPT.json [--public-key SERVER_KEY ...]

``SERVER_KEY`` is a path to a PEM / base64 file or an inline base64 string of the
LPSE server's published Ed25519 public key. ``--public-key`` may be repeated (the
current key and the previous keys LPSE publishes after a key rotation): the receipt
must be signed by one of them. Prints ``VALID`` or ``INVALID`` and
a summary of the payload. Exit status: 0 valid, 1 invalid, 2 usage or I/O error.
Does not import Django, so it runs from a plain checkout with ``cryptography``.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from typing import Any

from lentera.bidding.crypto.receipts import (
    load_public_key,
    public_key_fingerprint,
    receipt_error,
    receipt_hash,
)

_MAX_VALUE_WIDTH = 100


def _read_public_key(arg: str) -> bytes:
    path = Path(arg)
    text = path.read_text(encoding="ascii") if path.is_file() else arg
    return load_public_key(text)


def _summarise(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _MAX_VALUE_WIDTH else text[: _MAX_VALUE_WIDTH - 3] + "..."


def main(argv: list[str] | None = None) -> int:
    """Run the verifier; return the process exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m lentera.bidding.receipt_verify",
        description="Verify a Lentera bid receipt offline.",
    )
    parser.add_argument("receipt", help="receipt JSON file ('-' for standard input)")
    parser.add_argument(
        "--public-key",
        action="append",
        help="trusted server public key: PEM/base64 file or base64 string; repeat it for previous keys",
    )
    args = parser.parse_args(argv)

    trusted: list[bytes] | None = None
    if args.public_key:
        trusted = []
        for arg in args.public_key:
            try:
                trusted.append(_read_public_key(arg))
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                print(f"ERROR: cannot read public key {arg!r}: {exc}", file=sys.stderr)
                return 2
    try:
        raw = sys.stdin.buffer.read() if args.receipt == "-" else Path(args.receipt).read_bytes()
    except OSError as exc:
        print(f"ERROR: cannot read receipt: {exc}", file=sys.stderr)
        return 2
    try:
        receipt = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        print("INVALID: receipt is not valid UTF-8 JSON")
        return 1

    problem = receipt_error(receipt, trusted)
    if problem is not None:
        print(f"INVALID: {problem}")
        return 1

    key = base64.b64decode(receipt["public_key"])
    print("VALID")
    print(f"  signed by key   {public_key_fingerprint(key)}")
    if trusted is None:
        print("  note            key not checked: pass --public-key with the key LPSE publishes")
    else:
        print("  trusted key     matches" + (" (one of the keys given)" if len(trusted) > 1 else ""))
    print(f"  receipt sha256  {receipt_hash(receipt)}")
    for name in sorted(receipt["payload"]):
        print(f"  {name:<15} {_summarise(receipt['payload'][name])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
