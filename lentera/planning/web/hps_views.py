"""The PPK's HPS editor: an item table that grows and shrinks, ignores blank rows and shows the running total
against the pagu (Perpres 16/2018 Pasal 26), with or without JavaScript.

Every button posts the same form to the same page: "Tambah baris" and "Hapus baris" re-render the table with a
row more or less, "Hitung ulang" re-renders the total, "Simpan HPS" saves. With htmx the same posts swap only
the table or the total box (hx-select), so nothing is computed in the browser.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.money import parse_rupiah
from lentera.core.roles import Role

from .. import rules, selectors, services
from ..models import Package
from ..scope import today
from .common import fetch, run_form
from .forms import HpsDateForm, HpsLineForm, HpsLineFormSet, hps_lines_in_use

PREFIX = "hps"
FIELDS = tuple(HpsLineForm.base_fields)


def _number(raw: object) -> Decimal | None:
    return parse_rupiah(raw)


def _subtotal(row: dict) -> Decimal | None:
    quantity, price = _number(row.get("quantity")), _number(row.get("unit_price"))
    if quantity is None or price is None:
        return None
    return quantity * price


def _posted_rows(data, *, remove: str = "") -> list[dict]:
    """The rows as typed (raw strings), removed rows (ticked, or the one whose button was pressed) left out:
    what a re-render shows back."""
    try:
        count = min(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)), 200)
    except ValueError:
        count = 0
    rows = []
    for i in range(count):
        if data.get(f"{PREFIX}-{i}-DELETE") or remove == str(i):
            continue
        rows.append({name: data.get(f"{PREFIX}-{i}-{name}", "") for name in FIELDS})
    return rows


def _summary(package: Package, rows: list[dict]) -> dict:
    """The running total of the rows that have a volume and a unit price, against the pagu."""
    total = sum((s for s in (_subtotal(r) for r in rows) if s is not None), Decimal("0"))
    over = ""
    try:
        rules.check_hps_not_above_pagu(hps_total=total, pagu=package.pagu)
    except LenteraError as exc:
        over = str(exc)
    return {"total": total, "pagu": package.pagu, "remaining": package.pagu - total, "over": over}


def _page(request: AuthedRequest, package: Package, formset, date_form, rows: list[dict]):
    context = {
        "formset": formset,
        "date_form": date_form,
        "package": package,
        "rows": list(
            zip(formset.forms, [_subtotal(r) for r in rows] + [None] * len(formset.forms), strict=False)
        ),
        "summary": _summary(package, rows),
    }
    return render(request, "planning/package_hps.html", context)


@access(Role.PPK, scope="the package's PPK")
def package_hps(request: AuthedRequest, pk: int) -> HttpResponse:
    package = fetch(lambda: selectors.package_for(user=request.user, role=request.acting_role, pk=pk))
    if request.method != "POST":
        lines = selectors.hps_items_visible_to(user=request.user, role=request.acting_role, package=package)
        rows = [{name: getattr(i, name) for name in FIELDS} for i in lines]
        formset = HpsLineFormSet(initial=rows, prefix=PREFIX)
        date_form = HpsDateForm(initial={"hps_set_on": package.hps_set_on or today()})
        return _page(request, package, formset, date_form, rows)

    # a "Hapus baris" button carries the row number (one button, one name/value)
    action = "remove" if request.POST.get("remove") else request.POST.get("action", "save")
    if action in ("add", "remove", "total"):
        rows = _posted_rows(request.POST, remove=request.POST.get("remove", "") if action == "remove" else "")
        if action == "add":
            rows.append(dict.fromkeys(FIELDS, ""))
        # a table being edited is shown back as typed, without errors yet (they come with "Simpan")
        formset = HpsLineFormSet(initial=rows, prefix=PREFIX)
        formset.extra = 0 if rows else 1
        date_form = HpsDateForm(initial={"hps_set_on": request.POST.get("hps_set_on") or today()})
        return _page(request, package, formset, date_form, rows)

    formset = HpsLineFormSet(request.POST, prefix=PREFIX)
    date_form = HpsDateForm(request.POST)
    rows = [
        {name: request.POST.get(f"{PREFIX}-{i}-{name}", "") for name in FIELDS} for i in range(len(formset))
    ]
    if formset.is_valid() and date_form.is_valid():
        entries = [
            services.HpsLine(
                f["description"],
                f["unit"],
                f["quantity"],
                f["unit_price"],
                f["price_source"],
                f["source_note"],
            )
            for f in hps_lines_in_use(formset)
        ]
        ok, _pkg = run_form(
            date_form,
            lambda: services.package_hps_set(
                actor=request.user,
                package=package,
                lines=entries,
                hps_set_on=date_form.cleaned_data["hps_set_on"],
            ),
        )
        if ok:
            messages.success(request, _("HPS disimpan."))
            return redirect("planning:package_detail", pk=package.pk)
    return _page(request, package, formset, date_form, rows)
