"""Bulk release packages per fiscal year, as files in storage (JSON; CSV and XLSX via flattentool).

A file's name carries the highest publication sequence it contains, so a file is generated once per change of
the year's data and then served from storage (`opendata_bulk` pre-generates them).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Max

from .models import Release
from .ocds import validate
from .selectors import release_package

FORMATS = {
    "json": "application/json",
    "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _top(year: int) -> int | None:
    return Release.objects.filter(fiscal_year=year).aggregate(top=Max("seq"))["top"]


def package_for_year(year: int, *, uri: str) -> dict:
    releases = list(Release.objects.filter(fiscal_year=year).order_by("seq").values_list("data", flat=True))
    return release_package(releases, uri=uri)


def bulk_file(year: int, fmt: str, *, uri: str) -> str | None:
    """The storage name of the year's package in `fmt`, generating it when the data changed; None if no data."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    top = _top(year)
    if top is None:
        return None
    ext = {"json": "json", "csv": "csv.zip", "xlsx": "xlsx"}[fmt]
    name = f"opendata/bulk/ocds-{year}-{top}.{ext}"
    if default_storage.exists(name):
        return name
    package = package_for_year(year, uri=uri)
    raw = json.dumps(package, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt == "json":
        default_storage.save(name, ContentFile(raw))
        return name
    data = _flatten(raw, fmt)
    default_storage.save(name, ContentFile(data))
    return name


def _flatten(raw: bytes, fmt: str) -> bytes:
    """Flatten a release package with flattentool against the local (extended) release schema."""
    from flattentool import flatten

    work = Path(tempfile.mkdtemp(prefix="lentera-flatten-"))
    try:
        source = work / "package.json"
        source.write_bytes(raw)
        schema = work / "release-schema.json"
        schema.write_text(json.dumps(validate.release_schema()), encoding="utf-8")
        out = work / ("out.xlsx" if fmt == "xlsx" else "csv")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            flatten(
                str(source),
                output_name=str(out),
                output_format=fmt,
                schema=str(schema),
                root_list_path="releases",
                root_id="ocid",
                main_sheet_name="releases",
                disable_local_refs=True,
                remove_empty_schema_columns=True,
            )
        if fmt == "xlsx":
            return out.read_bytes()
        buffer = work / "csv.zip"
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(out.glob("*.csv")):
                zf.write(path, path.name)
        return buffer.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)
