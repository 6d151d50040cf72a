from django.urls import path

from khooshe.indicators.views import pages, staff

app_name = "indicators"

urlpatterns = [
    path("", pages.index, name="index"),
    path("claim/", pages.claim, name="claim"),
    path("enter/", staff.enter, name="enter"),
    path("run/", staff.run_now, name="run"),
    path("province/<str:code>/", pages.dashboard, name="dashboard"),
    path("<slug:slug>/", pages.detail, name="detail"),
]
