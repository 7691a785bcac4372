from django.urls import path

from . import staff, views

PREFIX = "akun/"

urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("verifikasi/", views.otp_view, name="otp"),
    path("keluar/", views.logout_view, name="logout"),
    path("peran/", views.role_switch, name="role_switch"),
    path("beranda/", views.dashboard_view, name="dashboard"),
    path("saya/", views.account_view, name="account"),
    path("token/", views.tokens_view, name="tokens"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
    path("sandi/lupa/", views.password_reset, name="password_reset"),
    path("sandi/lupa/terkirim/", views.password_reset_done, name="password_reset_done"),
    path("sandi/atur/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("sandi/atur/selesai/", views.password_reset_complete, name="password_reset_complete"),
    path("sandi/ganti/", views.password_change, name="password_change"),
    path("pegawai/", staff.people_list, name="people"),
    path("pegawai/baru/", staff.person_new, name="person_new"),
    path("pegawai/peran/<int:pk>/cabut/", staff.person_role_revoke, name="person_role_revoke"),
    path("pegawai/<str:user_id>/", staff.person_detail, name="person"),
    path("pegawai/<str:user_id>/peran/", staff.person_role_assign, name="person_role_assign"),
    path("pegawai/<str:user_id>/status/", staff.person_status, name="person_status"),
]
