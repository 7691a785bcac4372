"""XLSX downloads of the governance registers through the API (``governance.exports``): the same workbooks and
the same access rules as the pages' download links. Thin."""

import datetime as dt

from ninja import Router

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from .. import exports, selectors
from ..programme import selectors as programme_selectors
from ..standards import selectors as standard_selectors

router = Router(tags=["governance"])
READERS = selectors.READER_ROLES
XLSX = {200: {"content": {exports.XLSX_TYPE: {}}, "description": "XLSX workbook"}}


@router.get(
    "/decrees.xlsx",
    summary="The decree register with its appointments (XLSX)",
    openapi_extra={"responses": XLSX},
)
@api_access(*READERS, scope="decrees of the agencies the caller works for (auditor: all)")
def decrees_xlsx(request: AuthedRequest):
    today = local_date(db_now())
    return exports.response(
        exports.decree_sheets(request.user, on=today), filename=f"register-sk-{today:%Y%m%d}.xlsx"
    )


@router.get(
    "/certificates.xlsx", summary="The staff certificate register (XLSX)", openapi_extra={"responses": XLSX}
)
@api_access(*READERS, scope="certificates of the agencies the caller works for (auditor: all)")
def certificates_xlsx(request: AuthedRequest):
    today = local_date(db_now())
    sheets = exports.certificate_sheets(request.user, on=today)
    return exports.response(sheets, filename=f"sertifikat-pbj-{today:%Y%m%d}.xlsx")


@router.get(
    "/work-programmes/{programme_id}/report.xlsx",
    summary="The activity report of a period (XLSX; default: the whole programme year)",
    openapi_extra={"responses": XLSX},
)
@api_access(*programme_selectors.READER_ROLES, scope="a programme of the caller's agencies (auditor: all)")
def programme_report_xlsx(
    request: AuthedRequest, programme_id: int, first: dt.date | None = None, last: dt.date | None = None
):
    programme = programme_selectors.programme_visible_to(user=request.user, pk=programme_id)
    report = programme_selectors.activity_report(
        programme=programme,
        first=first or dt.date(programme.year, 1, 1),
        last=last or dt.date(programme.year, 12, 31),
    )
    name = f"laporan-kegiatan-lpse-{programme.year}-{report.first:%Y%m%d}-{report.last:%Y%m%d}.xlsx"
    return exports.response(exports.programme_report_sheets(report), filename=name)


@router.get(
    "/standards.xlsx",
    summary="The 17 LPSE standards register of an agency (XLSX)",
    openapi_extra={"responses": XLSX},
)
@api_access(
    *standard_selectors.READER_ROLES, scope="the register of an agency the caller works for (auditor: all)"
)
def standards_xlsx(request: AuthedRequest, agency_id: int | None = None):
    agency = standard_selectors.agency_visible_to(user=request.user, pk=agency_id)
    return exports.response(exports.standard_sheets(agency), filename=f"standar-lpse-{agency.pk}.xlsx")


@router.get("/risks.xlsx", summary="The risk register of an agency (XLSX)", openapi_extra={"responses": XLSX})
@api_access(
    *standard_selectors.READER_ROLES, scope="the register of an agency the caller works for (auditor: all)"
)
def risks_xlsx(request: AuthedRequest, agency_id: int | None = None):
    agency = standard_selectors.agency_visible_to(user=request.user, pk=agency_id)
    today = local_date(db_now())
    return exports.response(
        exports.risk_sheets(request.user, agency, on=today), filename=f"risiko-lpse-{agency.pk}.xlsx"
    )
