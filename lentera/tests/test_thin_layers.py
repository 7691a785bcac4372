"""Views and API routes are thin (issue #13 item 4): no ORM query and no write in any module under ``web/`` or ``api/``.

Reads go through the app's ``selectors`` (scoped to the person asking), writes through its ``services`` (one
transaction, an audit event). This test parses every module under ``lentera/*/web/`` and ``lentera/*/api/`` and
names each line that reaches the ORM itself:

- any ``.objects`` (a model manager) or ``*_set`` (a reverse related manager) attribute;
- a call of a method only a queryset or manager has (``.filter``, ``.exclude``, ``.all``, ``.select_related``,
  ``.annotate``, ``.first``, ``.exists``, ``.bulk_create`` …), and ``.values(...)`` with a field;
- ``.get(...)`` or ``.update(...)`` with keyword arguments only (a lookup; ``dict.get`` takes its key by position),
  and ``.count()`` without arguments (``list.count`` takes the item);
- any ``.save(``, ``.delete(``, ``.create(`` or ``.refresh_from_db(`` — a ModelForm's ``save()`` writes too (the
  ninja ``@router.delete`` aside);
- ``audit.record(...)`` or ``events.record(...)``: the audit event belongs to the service that writes;
- ``get_object_or_404`` / ``get_list_or_404``, and any import from ``django.db`` (``transaction.atomic``, ``Q``,
  ``F``, ``Count`` …);
- a model class imported from a ``models`` module used as anything but a type, an ``isinstance`` test or a
  constant read off the class (``Model.Status.OPEN``, ``Model.MAX_LENGTH``): calling it (building a row) is a
  write, and its manager is a query.

The allow-list is empty: nothing under web/ or api/ needs the ORM.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Methods that exist only on querysets and managers (none of them is a dict, list, str, form or path method).
QUERYSET_ONLY = {
    "filter",
    "exclude",
    "all",
    "select_related",
    "prefetch_related",
    "annotate",
    "aggregate",
    "alias",
    "order_by",
    "distinct",
    "values_list",
    "only",
    "defer",
    "first",
    "last",
    "latest",
    "earliest",
    "exists",
    "in_bulk",
    "iterator",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "select_for_update",
    "using",
    "raw",
    "none",
}
WRITES = {"save", "delete", "create", "refresh_from_db"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
# Declaring a ModelForm names its model (``modelform_factory(Provider, ...)``, ``class Meta: model = X``); its
# ``save()`` is what writes, and that is caught.
FORM_FACTORIES = {"modelform_factory", "modelformset_factory", "inlineformset_factory"}

# (relative path, what) pairs let through: kept empty; an entry would need its reason beside it.
ALLOWED: set[tuple[str, str]] = set()


def _is_model_module(module: str | None) -> bool:
    """``lentera.x.models``, ``..models``, ``..models.documents``, ``django_otp....models``."""
    return module is not None and "models" in module.split(".")


def _is_router(node: ast.expr) -> bool:
    """``@router.delete(...)``: the ninja router's HTTP method, not a model's delete."""
    return isinstance(node, ast.Name) and node.id.endswith("router")


class _Checker(ast.NodeVisitor):
    """Collects (line, what) for each ORM use in one module."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self.models: set[str] = set()
        self._annotation_depth = 0
        self._declared: set[int] = set()  # model names in isinstance() or a ModelForm declaration
        self._called: set[int] = set()  # a function called, e.g. services.package_hps_set(...), is no manager

    def _add(self, node: ast.AST, what: str) -> None:
        self.found.append((getattr(node, "lineno", 0), what))

    # imports -------------------------------------------------------------------------------------------------
    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module == "django.db" or module.startswith("django.db."):
            self._add(node, f"import from {module}")
        if module == "django.shortcuts":
            for alias in node.names:
                if alias.name in SHORTCUTS:
                    self._add(node, f"import of {alias.name}")
        if _is_model_module(node.module) or (node.module is None and node.level):
            for alias in node.names:
                if node.module is None and alias.name != "models":
                    continue
                self.models.add(alias.asname or alias.name)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "django.db" or alias.name.startswith("django.db."):
                self._add(node, f"import {alias.name}")
            elif alias.name.rsplit(".", 1)[-1] == "models" and alias.asname:
                self.models.add(alias.asname)

    # type hints are not uses -------------------------------------------------------------------------------
    def _visit_annotation(self, node: ast.AST | None) -> None:
        if node is None:
            return
        self._annotation_depth += 1
        self.visit(node)
        self._annotation_depth -= 1

    def visit_arg(self, node: ast.arg) -> None:
        self._visit_annotation(node.annotation)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._visit_annotation(node.annotation)
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.target)

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.visit(node.args)
        self._visit_annotation(node.returns)
        for stmt in node.body:
            self.visit(stmt)

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if node.name == "Meta":
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and [getattr(t, "id", None) for t in stmt.targets] == [
                    "model"
                ]:
                    self._declared.add(id(stmt.value))
        self.generic_visit(node)

    # uses ----------------------------------------------------------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        base = node.value
        if isinstance(base, ast.Name) and base.id in self.models and base.id != "models":
            # a model class: its manager is a query; a constant read off it (Model.Status.OPEN, DoesNotExist,
            # _meta) is not
            if node.attr == "objects" or node.attr.endswith("_set"):
                self._add(node, f"{base.id}.{node.attr} (a model manager)")
            return
        if node.attr == "objects":
            self._add(node, ".objects (a model manager)")
        elif node.attr == "atomic":
            self._add(node, ".atomic (a transaction)")
        elif node.attr.endswith("_set") and id(node) not in self._called:
            self._add(node, f".{node.attr} (a reverse related manager)")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        self._called.add(id(func))
        if isinstance(func, ast.Name):
            if func.id in SHORTCUTS:
                self._add(node, f"{func.id}()")
            if func.id in FORM_FACTORIES:
                self._declared.update(id(arg) for arg in node.args[:2])
            if func.id == "isinstance" and len(node.args) == 2:
                self._declared.add(id(node.args[1]))
                for elt in node.args[1].elts if isinstance(node.args[1], ast.Tuple) else ():
                    self._declared.add(id(elt))
        if isinstance(func, ast.Attribute):
            name = func.attr
            only_keywords = not node.args and bool(node.keywords)
            if name in QUERYSET_ONLY:
                self._add(node, f".{name}() (a queryset method)")
            elif name in WRITES and not _is_router(func.value):
                self._add(node, f".{name}() (a write)")
            elif name in {"get", "update"} and only_keywords:
                self._add(node, f".{name}(field=...) (a lookup)")
            elif name == "values" and (node.args or node.keywords):
                self._add(node, ".values(field) (a queryset method; dict.values takes nothing)")
            elif name == "count" and not node.args and not node.keywords:
                self._add(node, ".count() (a query)")
            elif (
                name == "record" and isinstance(func.value, ast.Name) and func.value.id in {"audit", "events"}
            ):
                self._add(node, f"{func.value.id}.record() (an audit or domain event is a service's write)")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.models and not self._annotation_depth and id(node) not in self._declared:
            self._add(node, f"{node.id} (a model module or class, used outside a type hint)")


def violations_in(source: str) -> list[tuple[int, str]]:
    """(line, what) of each ORM use in a module's source."""
    checker = _Checker()
    checker.visit(ast.parse(source))
    return sorted(set(checker.found))


def _modules() -> list[Path]:
    paths: list[Path] = []
    for layer in ("web", "api"):
        paths.extend(sorted(ROOT.glob(f"*/{layer}/**/*.py")))
    return paths


def all_violations() -> list[str]:
    lines = []
    for path in _modules():
        relative = path.relative_to(ROOT.parent).as_posix()
        for lineno, what in violations_in(path.read_text()):
            if (relative, what) in ALLOWED:
                continue
            lines.append(f"{relative}:{lineno}: {what}")
    return lines


def test_the_checker_reads_every_web_and_api_module() -> None:
    modules = _modules()
    apps = {path.relative_to(ROOT).parts[0] for path in modules}
    assert {"accounts", "planning", "providers", "tendering", "bidding", "contracts", "public"} <= apps
    assert len(modules) > 40


def test_views_and_api_routes_hold_no_orm_query_and_no_write() -> None:
    found = all_violations()
    assert not found, (
        "Views and API routes must read through selectors and write through services "
        f"({len(found)} ORM uses):\n" + "\n".join(found)
    )


PLANTED = """
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from lentera.tendering.models import Tender
from ..models import Package
from .. import models


def view(request, pk: int, tender: Tender | None = None) -> None:
    a = Tender.objects.filter(pk=pk)
    b = get_object_or_404(Package, pk=pk)
    c = b.member_set.all()
    d = request.user.roles.filter(active=True)
    e = b.members.get(pk=1)
    b.save()
    form.save()
    b.delete()
    Package(name="x")
    models.Tender
    x = qs.count()
    with transaction.atomic():
        audit.record(actor=request.user, action="x", obj=b)
"""

CLEAN = """
from django.shortcuts import render
from lentera.tendering.models import Tender
from .. import selectors, services


def view(request, pk: int) -> "Tender":
    tender: Tender = selectors.tender_for(user=request.user, pk=pk)
    if isinstance(tender, Tender) and tender.status == Tender.Status.OPEN:
        services.tender_announce(actor=request.user, tender=tender)
    value = request.POST.get("next", "")
    data = {"a": 1}.get("a")
    data2 = form.cleaned_data.get("amount")
    letters = ["a", "b"].count("a")
    options.update({"x": 1})
    return render(request, "x.html", {"tender": tender, "value": value})
"""


def test_the_checker_names_each_planted_orm_use() -> None:
    found = violations_in(PLANTED)
    lines = {line for line, _what in found}
    # line numbers are those of PLANTED (its first line is empty)
    assert {2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22} <= lines, found
    whats = " ".join(what for _line, what in found)
    assert "Tender.objects" in whats
    assert "get_object_or_404" in whats
    assert "member_set" in whats
    assert "import from django.db" in whats
    assert "audit.record()" in whats


def test_the_checker_lets_selectors_services_dict_get_and_model_constants_pass() -> None:
    assert violations_in(CLEAN) == []


@pytest.mark.parametrize(
    "snippet", ["qs.filter(a=1)", "x.save()", "Tender.objects", "get_object_or_404(T, pk=1)"]
)
def test_a_planted_violation_makes_the_whole_check_fail(snippet: str) -> None:
    source = f"from lentera.tendering.models import Tender\n\n\ndef view(request):\n    {snippet}\n"
    assert violations_in(source), snippet
