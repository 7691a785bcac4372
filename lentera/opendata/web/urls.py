from django.urls import path

from . import views

PREFIX = "opendata/"

urlpatterns = [
    path("", views.index, name="index"),
    path("ping", views.ping, name="ping"),
    path("indikator-risiko/", views.redflag_list, name="redflags"),
    path("indikator-risiko/<str:code>/", views.redflag_detail, name="redflag_detail"),
]
