from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("", include("khooshe.core.urls")),
    path("accounts/", include("khooshe.accounts.urls")),
    path("registry/", include("khooshe.registry.urls")),
    path("proposals/", include("khooshe.proposals.urls")),
    path("programs/", include("khooshe.loans.urls")),
    path("governance/", include("khooshe.governance.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("khooshe.api_urls")),
]

if settings.DEBUG:
    # Public media (logos) in development; attachments are always served through
    # core:attachment, which checks who may see them.
    urlpatterns += [
        path("media/logos/<path:path>", serve, {"document_root": settings.MEDIA_ROOT / "logos"})
    ]
