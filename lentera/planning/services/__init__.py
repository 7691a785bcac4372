"""Every write of the planning app. Import from here: ``from lentera.planning import services``."""

from .calendar_admin import non_working_day_add, non_working_day_remove
from .officials import (
    procurement_official_assign,
    procurement_official_request_create,
    procurement_official_request_reject,
    selection_report_acknowledge,
    selection_report_submit,
)
from .packages import (
    HpsLine,
    package_assign_pokja,
    package_assign_procurement_official,
    package_cancel,
    package_change_ppk,
    package_create,
    package_hps_set,
    package_mark_ready,
    package_reopen,
    package_set_officials,
    package_update,
)
from .pokja import MemberInput, pokja_dissolve, pokja_form, pokja_members_change
from .rup import apbd_mark_agreed, rup_item_cancel, rup_item_create, rup_item_update

__all__ = [
    "HpsLine",
    "MemberInput",
    "apbd_mark_agreed",
    "non_working_day_add",
    "non_working_day_remove",
    "package_assign_pokja",
    "package_assign_procurement_official",
    "package_cancel",
    "package_change_ppk",
    "package_create",
    "package_hps_set",
    "package_mark_ready",
    "package_reopen",
    "package_set_officials",
    "package_update",
    "pokja_dissolve",
    "pokja_form",
    "pokja_members_change",
    "procurement_official_assign",
    "procurement_official_request_create",
    "procurement_official_request_reject",
    "rup_item_cancel",
    "rup_item_create",
    "rup_item_update",
    "selection_report_acknowledge",
    "selection_report_submit",
]
