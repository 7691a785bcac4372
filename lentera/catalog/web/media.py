"""Product photos and datasheets: anyone sees those of a listed product; the provider adds and removes those of
its own products (from its product page). Thin: one selector or service call each."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import selectors, services
from ..models import ProductFile
from .views import _found


@access(public=True, scope="anyone: a photo or the datasheet of a product listed today")
def product_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    item = _found(selectors.public_product_file_or_404, product_id=pk, pk=file_id)
    return FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=item.kind == ProductFile.Kind.DATASHEET,
        filename=item.name,
    )


@access(Role.PENYEDIA, scope="the provider adds a photo or the datasheet to its own product")
@require_POST
def my_product_file_add(request: AuthedRequest, pk: int) -> HttpResponse:
    product = _found(selectors.own_product_or_404, user=request.user, pk=pk)
    back = reverse("catalog:my_product", args=[product.pk])
    return run_action(
        request,
        lambda: services.product_file_add(
            actor=request.user,
            product=product,
            kind=request.POST.get("kind", ""),
            upload=request.FILES.get("file"),
        ),
        success=_("Berkas produk tersimpan."),
        back=back,
    )


@access(Role.PENYEDIA, scope="the provider removes a photo or the datasheet of its own product")
@require_POST
def my_product_file_remove(request: AuthedRequest, pk: int, file_id: int) -> HttpResponse:
    item = _found(selectors.own_product_file_or_404, user=request.user, product_id=pk, pk=file_id)
    return run_action(
        request,
        lambda: services.product_file_remove(actor=request.user, product_file=item),
        success=_("Berkas produk dihapus."),
        back=reverse("catalog:my_product", args=[pk]),
    )
