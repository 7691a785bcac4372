"""Catalogue pages: public search and product page; the UKPBJ's categories, admissions and curation queue; the
provider's admission requests, products, price changes and orders; the PPK's new purchase and orders. Thin: a
form in, one service call, a redirect; reads through selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError, NotFound
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import compare, purchases, search, selectors, services
from ..models import ProductFile
from ..search import ProductQuery
from . import forms

UKPBJ = services.UKPBJ_ROLES
PROVIDER = (Role.PENYEDIA,)
PPK = (Role.PPK,)


def _found(selector: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return selector(*args, **kwargs)
    except NotFound:
        raise Http404 from None


def _saved(request: HttpRequest, form: Any, call: Any, success: str, back: Any) -> HttpResponse | None:
    """Run a service from a valid form; a refusal becomes a form error (nothing changed)."""
    try:
        result = call()
    except LenteraError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, success)
    return redirect(back(result) if callable(back) else back)


# --- public ---------------------------------------------------------------------------------------------------


@access(public=True, scope="anyone: the products listed today")
def search_page(request: HttpRequest) -> HttpResponse:
    query = ProductQuery.from_params(request.GET)
    page = search.search(query)
    fields = search.attribute_fields(query)
    params = request.GET.copy()
    params.pop("halaman", None)
    return TemplateResponse(
        request,
        "catalog/search.html",
        {
            "page": page,
            "query": query,
            "categories": selectors.category_tree(),
            "attribute_fields": fields,
            "attribute_codes": [f["attribute"].code for f in fields],
            "sorts": [
                ("price", _("Harga terendah")),
                ("-price", _("Harga tertinggi")),
                ("-tkdn", _("TKDN tertinggi")),
                ("delivery", _("Pengiriman tercepat")),
                ("name", _("Nama")),
            ],
            "params": params.urlencode(),
        },
    )


@access(public=True, scope="anyone: a product listed today and its price history")
def product_page(request: HttpRequest, pk: int) -> HttpResponse:
    product = _found(selectors.public_product_or_404, pk)
    return TemplateResponse(
        request,
        "catalog/product.html",
        {
            "product": product,
            "rows": selectors.attribute_rows(product),
            "history": selectors.price_history(product),
            "chart": compare.price_history_chart(product),
            "can_order": getattr(request, "acting_role", None) == Role.PPK,
            "files": selectors.product_files(product),
        },
    )


@access(public=True, scope="anyone: 2 to 4 products listed today, side by side")
def compare_page(request: HttpRequest) -> HttpResponse:
    ids = compare.parse_ids(request.GET.getlist("produk"))
    try:
        result = compare.comparison(ids)
    except NotFound:
        raise Http404 from None
    except LenteraError as exc:
        return TemplateResponse(request, "catalog/compare.html", {"error": str(exc)}, status=400)
    return TemplateResponse(request, "catalog/compare.html", {"comparison": result})


# --- UKPBJ ----------------------------------------------------------------------------------------------------


@access(*UKPBJ, scope="the UKPBJ: every etalase")
@require_http_methods(["GET", "POST"])
def categories(request: AuthedRequest) -> HttpResponse:
    form = forms.CategoryForm(request.POST or None, parents=selectors.categories())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _saved(
            request,
            form,
            lambda: services.category_create(
                actor=request.user,
                code=d["code"],
                name=d["name"],
                unit_of_sale=d["unit_of_sale"],
                parent=d["parent"],
                required_documents=d["required_documents"],
            ),
            _("Etalase dibuat."),
            lambda c: reverse("catalog:category", args=[c.pk]),
        )
        if done:
            return done
    return TemplateResponse(
        request, "catalog/categories.html", {"tree": selectors.category_tree(), "form": form}
    )


@access(*UKPBJ, scope="the UKPBJ: one etalase and its attributes")
@require_http_methods(["GET", "POST"])
def category(request: AuthedRequest, pk: int) -> HttpResponse:
    cat = _found(selectors.category_or_404, pk)
    form = forms.AttributeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _saved(
            request,
            form,
            lambda: services.attribute_add(
                actor=request.user,
                category=cat,
                code=d["code"],
                label=d["label"],
                kind=d["kind"],
                unit=d["unit"],
                choices=(d["choices"] or "").split(","),
                required_value=d["required_value"],
            ),
            _("Atribut ditambahkan."),
            reverse("catalog:category", args=[cat.pk]),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "catalog/category.html",
        {"category": cat, "attributes": selectors.attributes_of(cat), "form": form},
    )


@access(*UKPBJ, scope="the UKPBJ: applications waiting and decided")
def admissions(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "catalog/admissions.html",
        {"queue": selectors.admission_queue(), "decided": selectors.decided_admissions()[:50]},
    )


@access(*UKPBJ, scope="the UKPBJ: one application, its documents and the decision")
def admission(request: AuthedRequest, pk: int) -> HttpResponse:
    adm = _found(selectors.admission_or_404, pk)
    return TemplateResponse(
        request,
        "catalog/admission.html",
        {
            "admission": adm,
            "documents": selectors.documents_of(adm),
            "admit": forms.AdmitForm(),
            "refuse": forms.ReasonForm(),
        },
    )


@access(*UKPBJ, scope="the UKPBJ: admit or refuse an application")
@require_POST
def admission_decide(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    adm = _found(selectors.admission_or_404, pk)
    back = reverse("catalog:admission", args=[adm.pk])
    if action not in ("terima", "tolak"):
        raise Http404
    form: Any = forms.AdmitForm(request.POST) if action == "terima" else forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi masa berlaku dan kriteria evaluasi, atau alasan penolakan."))
        return redirect(back)
    d = form.cleaned_data

    def call() -> Any:
        if action == "terima":
            return services.admission_admit(
                actor=request.user,
                admission=adm,
                valid_from=d["valid_from"],
                valid_until=d["valid_until"],
                criteria=d["criteria"],
            )
        return services.admission_refuse(actor=request.user, admission=adm, reason=d["reason"])

    return run_action(request, call, success=_("Keputusan tersimpan."), back=back)


@access(*UKPBJ, scope="the UKPBJ: a document of an application")
def admission_document(request: AuthedRequest, pk: int, doc: int) -> FileResponse:
    document = _found(selectors.document_for_ukpbj, admission_id=pk, pk=doc)
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.name,
    )


@access(*UKPBJ, scope="the UKPBJ curator: new products and price changes waiting")
def curation(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request, "catalog/curation.html", {"queue": selectors.curation_queue(), "form": forms.ReasonForm()}
    )


@access(*UKPBJ, scope="the UKPBJ curator: approve or reject")
@require_POST
def curation_decide(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    change = _found(selectors.pending_change_or_404, pk)
    calls = {
        "setujui": lambda: services.change_approve(actor=request.user, change=change),
        "tolak": lambda: services.change_reject(
            actor=request.user, change=change, reason=request.POST.get("reason", "")
        ),
    }
    if action not in calls:
        raise Http404
    return run_action(
        request, calls[action], success=_("Keputusan tersimpan."), back=reverse("catalog:curation")
    )


# --- provider -------------------------------------------------------------------------------------------------


@access(*PROVIDER, scope="the provider's own applications")
def my_admissions(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "catalog/my_admissions.html",
        {"admissions": selectors.own_admissions(request.user), "categories": selectors.active_categories()},
    )


@access(*PROVIDER, scope="a verified provider applies for one etalase")
@require_http_methods(["GET", "POST"])
def apply(request: AuthedRequest, pk: int) -> HttpResponse:
    cat = _found(selectors.category_or_404, pk)
    form = forms.ApplyForm(request.POST or None, request.FILES or None, category=cat)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            lambda: services.admission_apply(
                actor=request.user, category=cat, documents=form.documents(), note=form.cleaned_data["note"]
            ),
            _("Permohonan terkirim."),
            reverse("catalog:my_admissions"),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "catalog/form.html",
        {"form": form, "title": _("Ajukan etalase %(name)s") % {"name": cat.name}, "multipart": True},
    )


@access(*PROVIDER, scope="the provider's own products")
def my_products(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "catalog/my_products.html",
        {
            "products": selectors.own_products(request.user),
            "admitted": selectors.admitted_categories(request.user),
        },
    )


@access(*PROVIDER, scope="an admitted provider lists a product")
@require_http_methods(["GET", "POST"])
def product_new(request: AuthedRequest, pk: int) -> HttpResponse:
    cat = _found(selectors.category_or_404, pk)
    form = forms.ProductForm(request.POST or None, attributes=selectors.attributes_of(cat))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _saved(
            request,
            form,
            lambda: services.product_submit(
                actor=request.user,
                category=cat,
                name=d["name"],
                brand=d["brand"],
                model=d["model"],
                attributes=form.attributes(),
                tkdn=d["tkdn"],
                price=d["price"],
                valid_from=d["valid_from"],
                valid_until=d["valid_until"],
                delivery_areas=d["delivery_areas"],
                delivery_days=d["delivery_days"],
                stock=d["stock"],
            ),
            _("Produk dikirim ke kurator UKPBJ."),
            lambda p: reverse("catalog:my_product", args=[p.pk]),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "catalog/form.html",
        {"form": form, "title": _("Produk baru di %(name)s") % {"name": cat.name}},
    )


@access(*PROVIDER, scope="the provider's own product, its changes and a new price")
@require_http_methods(["GET", "POST"])
def my_product(request: AuthedRequest, pk: int) -> HttpResponse:
    product = _found(selectors.own_product_or_404, user=request.user, pk=pk)
    form = forms.PriceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _saved(
            request,
            form,
            lambda: services.price_change_submit(
                actor=request.user,
                product=product,
                price=d["price"],
                valid_from=d["valid_from"],
                valid_until=d["valid_until"],
            ),
            _("Perubahan harga dikirim ke kurator UKPBJ."),
            reverse("catalog:my_product", args=[product.pk]),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "catalog/my_product.html",
        {
            "product": product,
            "changes": selectors.changes_of(product),
            "history": selectors.price_history(product),
            "form": form,
            "files": selectors.product_files(product),
            "kinds": ProductFile.Kind.choices,
        },
    )


@access(*PROVIDER, scope="orders to the provider")
def provider_orders(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "catalog/orders.html",
        {"orders": selectors.provider_orders(request.user), "side": "provider", "form": forms.ReasonForm()},
    )


@access(*PROVIDER, scope="the provider answers its own order")
@require_POST
def provider_order_decide(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    order = _found(selectors.provider_order_or_404, user=request.user, pk=pk)
    calls = {
        "terima": lambda: services.order_accept(actor=request.user, order=order),
        "tolak": lambda: services.order_refuse(
            actor=request.user, order=order, reason=request.POST.get("reason", "")
        ),
    }
    if action not in calls:
        raise Http404
    return run_action(
        request, calls[action], success=_("Jawaban tersimpan."), back=reverse("catalog:provider_orders")
    )


# --- PPK ------------------------------------------------------------------------------------------------------


@access(*PPK, scope="the PPK's own orders")
def ppk_orders(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "catalog/orders.html",
        {"orders": selectors.ppk_orders(request.user), "side": "ppk", "form": forms.ReasonForm()},
    )


@access(*PPK, scope="the PPK orders a listed product on one of their e-Purchasing packages")
@require_http_methods(["GET", "POST"])
def order_new(request: AuthedRequest, pk: int) -> HttpResponse:
    product = _found(selectors.public_product_or_404, pk)
    form = forms.OrderForm(request.POST or None, packages=selectors.own_packages(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _saved(
            request,
            form,
            lambda: services.order_create(
                actor=request.user,
                package=d["package"],
                product=product,
                quantity=d["quantity"],
                delivery_address=d["delivery_address"],
                split_reason=d["split_reason"],
            ),
            _("Pesanan dikirim ke penyedia."),
            reverse("catalog:ppk_orders"),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "catalog/form.html",
        {"form": form, "title": _("Pesan %(name)s") % {"name": product}, "product": product},
    )


@access(*PPK, scope="the PPK withdraws their own unanswered order")
@require_POST
def ppk_order_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _found(selectors.ppk_order_or_404, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.order_cancel(actor=request.user, order=order, reason=request.POST.get("reason", "")),
        success=_("Pesanan dibatalkan."),
        back=reverse("catalog:ppk_orders"),
    )


# --- the order page and its Surat Pesanan ---------------------------------------------------------------------


@access(*PPK, *PROVIDER, scope="the PPK who placed the order, the provider it is addressed to")
@require_http_methods(["GET", "POST"])
def order_page(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _found(purchases.order_for_party_or_404, user=request.user, role=request.acting_role, pk=pk)
    page = purchases.order_page(order, request.acting_role)
    form = forms.PurchaseOrderForm(request.POST or None, prefix="sp")
    if request.method == "POST":
        if not page["can_issue"]:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            done = _saved(
                request,
                form,
                lambda: services.purchase_order_issue(
                    actor=request.user,
                    order=order,
                    number=d["number"],
                    issued_on=d["issued_on"],
                    deliver_by=d["deliver_by"],
                ),
                _("Surat pesanan terbit; pesanan menjadi kontrak."),
                reverse("catalog:order", args=[order.pk]),
            )
            if done:
                return done
    current = page["current_round"]
    initial = (
        {
            "unit_price": current.unit_price,
            "quantity": current.quantity,
            "delivery_days": current.delivery_days,
        }
        if current
        else None
    )
    counter = forms.CounterForm(initial=initial)
    return TemplateResponse(request, "catalog/order.html", page | {"form": form, "counter_form": counter})
