from django.urls import path

from . import knowledge, rotation, views

PREFIX = "bantuan/"

urlpatterns = [
    path("", views.help_page, name="help"),
    path("tiket/", views.mine, name="mine"),
    path("tiket/<int:pk>/", views.mine_detail, name="mine_detail"),
    path("tiket/<int:pk>/lampiran/<int:attachment_id>/", views.mine_attachment, name="mine_attachment"),
    path("tiket/<int:pk>/<str:action>/", views.mine_action, name="mine_action"),
    path("ikuti/<str:token>/", views.follow, name="follow"),
    path("ikuti/<str:token>/nilai/", views.follow_rate, name="follow_rate"),
    path("meja/statistik/", views.statistics, name="stats"),
    path("meja/statistik/xlsx/", views.statistics_xlsx, name="stats_xlsx"),
    path(
        "ikuti/<str:token>/lampiran/<int:attachment_id>/", views.follow_attachment, name="follow_attachment"
    ),
    path("pengetahuan/", knowledge.article_list, name="kb"),
    path("pengetahuan/<slug:slug>/", knowledge.article_detail, name="kb_article"),
    path("meja/artikel/", knowledge.manage, name="kb_manage"),
    path("meja/artikel/<int:pk>/", knowledge.edit, name="kb_edit"),
    path("meja/<int:pk>/jadikan-artikel/", knowledge.from_ticket, name="kb_from_ticket"),
    path("meja/", views.queue, name="queue"),
    path("meja/rotasi/", rotation.rotation_page, name="rotation"),
    path("meja/catat/", views.log_ticket, name="log"),
    path("meja/<int:pk>/", views.desk_detail, name="desk_detail"),
    path("meja/<int:pk>/lampiran/<int:attachment_id>/", views.desk_attachment, name="desk_attachment"),
    path(
        "meja/<int:pk>/eskalasi/<int:escalation_id>/tindak-lanjut/",
        views.desk_follow_up,
        name="desk_follow_up",
    ),
    path("meja/<int:pk>/<str:action>/", views.desk_action, name="desk_action"),
]
