from django.urls import path

from lentera.core.redirects import moved_permanently

from .views import admin, identity, proposals, provider, public, verification

PREFIX = "penyedia/"

urlpatterns = [
    # Public: sign-up, the applicant's application, the blacklist.
    path("daftar/", public.signup_email, name="signup"),
    path("daftar/akun/<str:token>/", public.signup_account, name="signup_account"),
    path("pendaftaran/", public.applicant_home, name="applicant_home"),
    path("pendaftaran/masuk/<str:token>/", public.applicant_enter, name="applicant_enter"),
    path("pendaftaran/tautan/", public.applicant_link, name="applicant_link"),
    path("pendaftaran/ajukan/", public.applicant_submit, name="applicant_submit"),
    path("pendaftaran/formulir/<slug:kind>/", public.applicant_form, name="applicant_form"),
    path("pendaftaran/berkas/<int:pk>/", public.applicant_document, name="applicant_document"),
    path("daftar-hitam/", moved_permanently("public:blacklist"), name="blacklist"),  # one public page
    # The provider's own profile (ADP) and documents.
    path("profil/", provider.profile_home, name="profile"),
    path("profil/identitas/", provider.profile_identity, name="profile_identity"),
    path("profil/<slug:section>/tambah/", provider.section_add, name="section_add"),
    path("profil/<slug:section>/<int:pk>/ubah/", provider.section_edit, name="section_edit"),
    path("profil/<slug:section>/<int:pk>/hapus/", provider.section_delete, name="section_delete"),
    path("profil/perubahan-identitas/", identity.identity_changes, name="identity_changes"),
    path(
        "profil/perubahan-identitas/tarik/",
        identity.identity_change_withdraw,
        name="identity_change_withdraw",
    ),
    path("dokumen/", provider.provider_documents, name="documents"),
    path("dokumen/ajukan/", provider.provider_submit, name="submit"),
    path("formulir/<slug:kind>/", provider.provider_form, name="form"),
    # Verification and the archive.
    path("verifikasi/", verification.queue, name="queue"),
    path("verifikasi/<int:pk>/", verification.round_detail, name="round"),
    path("verifikasi/identitas/", identity.identity_queue, name="identity_queue"),
    path("verifikasi/identitas/<int:pk>/", identity.identity_review, name="identity_review"),
    path("berkas/<int:pk>/", verification.document_view, name="document"),
    path("berkas-identitas/<int:pk>/", identity.identity_document, name="identity_document"),
    path("arsip/", verification.archive_index, name="archive_index"),
    path("arsip/saya/", verification.archive_mine, name="archive_mine"),
    path("arsip/<int:pk>/", verification.archive_user, name="archive_user"),
    path("arsip/<int:pk>/ajukan/", verification.archive_submit, name="archive_submit"),
    # Administration: staff registration, User ID status, blacklist entry.
    path("staf/daftar/", admin.staff_register, name="staff_register"),
    path("akun/", admin.accounts_list, name="accounts"),
    path("akun/<int:pk>/nonaktifkan/", admin.account_deactivate, name="account_deactivate"),
    path("akun/<int:pk>/aktifkan/", admin.account_reactivate, name="account_reactivate"),
    path("daftar-hitam/kelola/", admin.blacklist_manage, name="blacklist_manage"),
    path("daftar-hitam/usulan/", proposals.proposals, name="blacklist_proposals"),
    path("daftar-hitam/usulan/<int:pk>/", proposals.proposal, name="blacklist_proposal"),
]
