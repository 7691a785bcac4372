from django.urls import path

from . import views

PREFIX = "kontrak/"

urlpatterns = [
    path("tender/<int:pk>/sppbj/", views.award_letter, name="award_letter"),
    path("tender/<int:pk>/", views.contract, name="contract"),
    path("paket/<int:package_id>/catat/", views.procurement_record, name="record"),
]
