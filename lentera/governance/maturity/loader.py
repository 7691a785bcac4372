"""Loading a version of the maturity model from its data file (the data migration and the loader command both use
it; the migration passes its historical model classes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import rules

DATA_DIR = Path(__file__).resolve().parent / "data"
FIRST_VERSION = DATA_DIR / "lkpp-10-2021-lentera-1.json"


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def write_version(data: dict[str, Any], *, classes: Any) -> Any:
    """Create one model version with its levels, domains, variables and criteria. ``classes`` has the attributes
    MaturityModel, MaturityLevel, MaturityDomain, MaturityVariable, MaturityCriterion (real or historical)."""
    rules.check_model_data(data)
    version = classes.MaturityModel.objects.create(
        code=data["code"].strip(), title=data.get("title", data["code"]), source=data["source"]
    )
    for level in data["levels"]:
        classes.MaturityLevel.objects.create(
            model=version,
            rank=int(level["rank"]),
            name=level["name"],
            description=level.get("description", ""),
        )
    for d_order, domain in enumerate(data["domains"]):
        dom = classes.MaturityDomain.objects.create(
            model=version, code=domain["code"], name=domain["name"], order=d_order
        )
        for v_order, variable in enumerate(domain["variables"]):
            var = classes.MaturityVariable.objects.create(
                domain=dom,
                code=variable["code"],
                name=variable["name"],
                order=v_order,
                indicator=variable.get("indicator", ""),
                placeholder=bool(variable.get("placeholder", False)),
            )
            for criterion in variable.get("criteria", []):
                classes.MaturityCriterion.objects.create(
                    variable=var,
                    rank=int(criterion["rank"]),
                    description=criterion.get("description", ""),
                    key_drivers=criterion.get("key_drivers", ""),
                    evidence=criterion.get("evidence", ""),
                )
    return version
