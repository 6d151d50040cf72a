from django.urls import path

from khooshe.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("desk/", views.desk, name="desk"),
    path("tools/date/", views.date_converter, name="date_converter"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notification_read_all, name="notifications_read_all"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
