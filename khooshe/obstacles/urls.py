from django.urls import path

from khooshe.obstacles.views import actions, manage, public, secretariat

app_name = "obstacles"

urlpatterns = [
    path("", public.index, name="index"),
    path("report/", actions.report, name="report"),
    path("similar/", public.similar, name="similar"),
    path("manage/", manage.manage, name="manage"),
    path("escalations/", secretariat.escalations, name="escalations"),
    path("<int:pk>/", public.detail, name="detail"),
    path("<int:pk>/history/", public.history, name="history"),
    path("<int:pk>/<slug:action>/", actions.step, name="step"),
]
