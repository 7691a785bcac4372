"""Demo organisation and people: Kabupaten Contoh, three work units, a UKPBJ with its LPSE, staff and providers."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.core.access import needs_two_factor
from lentera.core.demo import DemoContext
from lentera.core.roles import Role

from . import services
from .models import Agency, RoleAssignment, User, WorkUnit

START = dt.date(2026, 1, 2)
DEMO_DEVICE_NAME = "demo"

WORK_UNITS = [
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", WorkUnit.Kind.SATKER, None),
    ("DINKES", "Dinas Kesehatan", WorkUnit.Kind.SATKER, None),
    ("DISDIK", "Dinas Pendidikan dan Kebudayaan", WorkUnit.Kind.SATKER, None),
    ("UKPBJ", "Bagian Pengadaan Barang/Jasa Sekretariat Daerah (UKPBJ)", WorkUnit.Kind.UKPBJ, None),
    ("LPSE", "Subbagian Layanan Pengadaan Secara Elektronik", WorkUnit.Kind.LPSE, "UKPBJ"),
]

# (user_id, full name, nip, [(role, work unit code)], note)
STAFF: list[tuple[str, str, str, list[tuple[str, str | None]], str]] = [
    (
        "admin",
        "Admin Sistem Lentera",
        "198501012010011001",
        [(Role.SYSADMIN, "LPSE")],
        "Administrator Sistem; superuser",
    ),
    ("pa.dpupr", "Ir. Bambang Sutrisno", "197003121995031002", [(Role.PA, "DPUPR")], "PA Dinas PUPR"),
    ("kpa.dinkes", "dr. Ratna Dewi", "197508172000032003", [(Role.KPA, "DINKES")], "KPA Dinas Kesehatan"),
    ("ppk.dpupr", "Agus Salim, S.T.", "198204052008011004", [(Role.PPK, "DPUPR")], "PPK Dinas PUPR"),
    ("ppk.dinkes", "Sri Wahyuni, S.KM.", "198611222010012005", [(Role.PPK, "DINKES")], "PPK Dinas Kesehatan"),
    (
        "kepala.ukpbj",
        "Drs. Hendra Gunawan",
        "197212101998031006",
        [(Role.KEPALA_UKPBJ, "UKPBJ")],
        "Kepala UKPBJ",
    ),
    ("admin.ukpbj", "Nur Aini", "199002142015032007", [(Role.ADMIN_UKPBJ, "UKPBJ")], "Admin UKPBJ"),
    (
        "kasubag.lpse",
        "Yusuf Maulana, S.Kom.",
        "198707072011011008",
        [(Role.KASUBAG_LPSE, "LPSE")],
        "Kepala Subbagian LPSE",
    ),
    ("verifikator", "Dewi Lestari", "199105052017032009", [(Role.VERIFIKATOR, "LPSE")], "Verifikator LPSE"),
    ("helpdesk", "Rizky Pratama", "199308082019031010", [(Role.HELPDESK, "LPSE")], "Helpdesk LPSE"),
    (
        "auditor",
        "Inspektorat: Siti Rahmah",
        "198009092005012011",
        [(Role.AUDITOR, None)],
        "Auditor (Inspektorat)",
    ),
]
PENGELOLA = [
    ("pokja1", "Andi Wijaya, S.E.", "198803032012011012"),
    ("pokja2", "Budi Santoso, S.T.", "198904042013011013"),
    ("pokja3", "Citra Maharani, S.H.", "199001012014032014"),
    ("pokja4", "Dedi Kurniawan, S.Kom.", "198512122011011015"),
    ("pokja5", "Eka Putri, S.Ak.", "199206062016032016"),
]
PROVIDERS = [
    ("penyedia1", "Direktur PT Karya Bangun Nusantara", "direktur@karyabangun.example.id"),
    ("penyedia2", "Direktur CV Sinar Jaya Konstruksi", "admin@sinarjaya.example.id"),
    ("penyedia3", "Direktur PT Medika Sehat Sentosa", "tender@medikasehat.example.id"),
    ("penyedia4", "Ketua Koperasi Usaha Tani Makmur", "koperasi@tanimakmur.example.id"),
    ("penyedia5", "Hadi Prasetyo (perorangan)", "hadi.prasetyo@example.id"),
]


def demo_totp_key(user_id: str) -> str:
    """The demo TOTP key of a demo user (hex): deterministic so the README can print it. Demo only."""
    return hashlib.sha256(f"lentera-demo-totp:{user_id}".encode()).hexdigest()[:40]


def demo_totp_secret_b32(user_id: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_totp_key(user_id))).decode()


def _user(ctx: DemoContext, user_id: str, full_name: str, email: str, nip: str = "") -> User:
    user = User.objects.filter(user_id__iexact=user_id).first()
    if user is None:
        user = services.user_create(
            actor=None,
            user_id=user_id,
            full_name=full_name,
            email=email,
            password=ctx.password,
            nip=nip,
            check_actor=False,
        )
    return user


def _assign(user: User, role: str, unit: WorkUnit | None, agency: Agency, decree: str) -> None:
    if RoleAssignment.objects.active().filter(user=user, role=role, work_unit=unit).exists():
        return
    services.role_assign(
        actor=None,
        user=user,
        role=role,
        agency=agency if role != Role.PENYEDIA else None,
        work_unit=unit,
        starts_on=START,
        decree_number=decree if role != Role.PENYEDIA else "",
        check_actor=False,
    )


def _demo_device(user: User) -> None:
    if needs_two_factor(user) and not TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).exists():
        TOTPDevice.objects.create(
            user=user, name=DEMO_DEVICE_NAME, key=demo_totp_key(user.user_id), confirmed=True
        )


def load(ctx: DemoContext) -> None:
    agency, _ = Agency.objects.get_or_create(
        code="KAB-CONTOH",
        defaults={
            "name": "Pemerintah Kabupaten Contoh",
            "kind": Agency.Kind.REGENCY,
            "apbd_agreed_years": [2026],
        },
    )
    units: dict[str, WorkUnit] = {}
    for code, name, kind, parent in WORK_UNITS:
        units[code], _ = WorkUnit.objects.get_or_create(
            agency=agency, code=code, defaults={"name": name, "kind": kind, "parent": units.get(parent or "")}
        )
    ctx.objects.update(agency=agency, units=units)
    for index, (user_id, name, nip, roles, note) in enumerate(STAFF, start=1):
        user = _user(ctx, user_id, name, f"{user_id}@kabcontoh.example.go.id", nip)
        for role, unit_code in roles:
            _assign(user, role, units.get(unit_code or ""), agency, f"800/{index:03d}/SK/2026")
        if user_id == "admin" and not user.is_superuser:
            User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
            user.refresh_from_db()
        _demo_device(user)
        ctx.login(user_id, roles[0][0], note)
        ctx.objects[user_id] = user
    for index, (user_id, name, nip) in enumerate(PENGELOLA, start=1):
        user = _user(ctx, user_id, name, f"{user_id}@kabcontoh.example.go.id", nip)
        _assign(user, Role.PENGELOLA_PBJ, units["UKPBJ"], agency, f"821/{index:03d}/SK-JF/2026")
        _assign(user, Role.POKJA, units["UKPBJ"], agency, f"027/{index:03d}/SK-POKJA/2026")
        _demo_device(user)
        ctx.login(user_id, Role.PENGELOLA_PBJ, "Pengelola PBJ, anggota Pokja Pemilihan")
        ctx.objects[user_id] = user
    for user_id, name, email in PROVIDERS:
        user = _user(ctx, user_id, name, email)
        _assign(user, Role.PENYEDIA, None, agency, "")
        ctx.login(user_id, Role.PENYEDIA, name)
        ctx.objects[user_id] = user
    ctx.notes.append(
        "Staff log in with a second factor (TOTP). Demo keys are fixed: add one to an authenticator app with "
        "`manage.py demo_totp USER_ID --secret`, or print the current code with `manage.py demo_totp USER_ID`."
    )
