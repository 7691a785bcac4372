from django.urls import path

from . import rooms, views

PREFIX = "pelatihan/"

urlpatterns = [
    path("", views.index, name="index"),
    path("sesi/<int:pk>/", views.session_detail, name="session"),
    path("sesi/<int:pk>/daftar/", views.register, name="register"),
    path("saya/", views.mine, name="mine"),
    path("saya/<int:pk>/batal/", views.cancel, name="cancel"),
    path("saya/<int:pk>/umpan-balik/", views.feedback, name="feedback"),
    path("saya/<int:pk>/sertifikat.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("sertifikat/", views.verify_form, name="verify_form"),
    path("sertifikat/<str:code>/", views.verify, name="verify"),
    path("kelola/", views.manage, name="manage"),
    path("kelola/pelatihan/", views.course_create, name="course_create"),
    path("kelola/sesi/baru/", views.session_create, name="session_create"),
    path("kelola/sesi/<int:pk>/", views.manage_session, name="manage_session"),
    path("kelola/sesi/<int:pk>/batal/", views.session_cancel, name="session_cancel"),
    path("kelola/sesi/<int:pk>/presensi/", views.attendance, name="attendance"),
    path("kelola/sesi/<int:pk>/sertifikat/", views.issue, name="issue"),
    path("kelola/sesi/<int:pk>/sertifikat/<int:certificate_id>/cabut/", views.revoke, name="revoke"),
    path("statistik/", views.statistics, name="stats"),
    path("ruang/", rooms.bookings, name="bookings"),
    path("ruang/<int:pk>/batal/", rooms.booking_cancel, name="booking_cancel"),
    path("ruang/jadwal/", rooms.schedule, name="schedule"),
    path("ruang/kalender-verifikasi/", rooms.verification_calendar, name="verification_calendar"),
]
