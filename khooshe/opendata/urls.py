from django.urls import path, re_path

from khooshe.opendata.views import files, pages

app_name = "opendata"

urlpatterns = [
    path("", pages.index, name="index"),
    path("datapackage.json", files.catalogue_datapackage, name="catalogue_datapackage"),
    path("<slug:slug>/", pages.detail, name="detail"),
    path("<slug:slug>/datapackage.json", files.datapackage, name="datapackage"),
    re_path(
        r"^(?P<slug>[a-z0-9-]+)/(?P<name>[a-z0-9-]+)\.(?P<fmt>csv|xlsx|json)$",
        files.download,
        name="download",
    ),
]
