from django.urls import path, re_path

from khooshe.opendata.views import exports, files, pages

app_name = "opendata"

urlpatterns = [
    path("", pages.index, name="index"),
    path("datapackage.json", files.catalogue_datapackage, name="catalogue_datapackage"),
    re_path(r"^exports/(?P<slug>[a-z0-9-]+)\.(?P<fmt>csv|xlsx)$", exports.export, name="export"),
    path("exports/files/<int:pk>/", exports.export_file, name="export_file"),
    path(
        "exports/files/<int:pk>/download/",
        exports.export_file_download,
        name="export_file_download",
    ),
    path("<slug:slug>/", pages.detail, name="detail"),
    path("<slug:slug>/datapackage.json", files.datapackage, name="datapackage"),
    re_path(
        r"^(?P<slug>[a-z0-9-]+)/(?P<name>[a-z0-9-]+)\.(?P<fmt>csv|xlsx|json)$",
        files.download,
        name="download",
    ),
]
