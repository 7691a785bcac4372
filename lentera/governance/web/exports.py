"""XLSX downloads of the governance registers (``governance.exports``), each behind the same access rule and
scope as the page it is linked from. Thin: a scoped read, the workbook, the response."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from .. import exports, selectors
from ..programme import selectors as programme_selectors
from ..standards import selectors as standard_selectors
from .programme import _back, _report
from .standards import _agency_pk
from .views import _found

READERS = selectors.READER_ROLES


@access(*READERS, scope="decrees of the agencies the person works for (auditor: all)")
def decree_list_xlsx(request: AuthedRequest) -> HttpResponse:
    today = local_date(db_now())
    return exports.response(
        exports.decree_sheets(request.user, on=today), filename=f"register-sk-{today:%Y%m%d}.xlsx"
    )


@access(*READERS, scope="certificates of the agencies the person works for (auditor: all)")
def certificate_list_xlsx(request: AuthedRequest) -> HttpResponse:
    today = local_date(db_now())
    return exports.response(
        exports.certificate_sheets(request.user, on=today), filename=f"sertifikat-pbj-{today:%Y%m%d}.xlsx"
    )


@access(
    *programme_selectors.READER_ROLES, scope="a programme of an agency the person works for (auditor: all)"
)
def programme_report_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = _found(programme_selectors.programme_visible_to, user=request.user, pk=pk)
    report, ok = _report(request, programme)
    if not ok:
        return redirect(_back(pk))
    name = f"laporan-kegiatan-lpse-{programme.year}-{report.first:%Y%m%d}-{report.last:%Y%m%d}.xlsx"
    return exports.response(exports.programme_report_sheets(report), filename=name)


@access(
    *standard_selectors.READER_ROLES, scope="the register of an agency the person works for (auditor: all)"
)
def standard_register_xlsx(request: AuthedRequest) -> HttpResponse:
    agency = _found(standard_selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    return exports.response(exports.standard_sheets(agency), filename=f"standar-lpse-{agency.pk}.xlsx")


@access(
    *standard_selectors.READER_ROLES, scope="the register of an agency the person works for (auditor: all)"
)
def risk_register_xlsx(request: AuthedRequest) -> HttpResponse:
    agency = _found(standard_selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    today = local_date(db_now())
    return exports.response(
        exports.risk_sheets(request.user, agency, on=today), filename=f"risiko-lpse-{agency.pk}.xlsx"
    )
