from django.urls import path

from . import views

PREFIX = "operasi/"

urlpatterns = [path("", views.index, name="index")]
