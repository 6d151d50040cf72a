from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.static import serve

urlpatterns = [
    path("", include("khooshe.core.urls")),
    # Browsers ask for /favicon.ico whatever the page declares.
    # Resolved per request (lazy): at import time the manifest may not exist yet (check --deploy
    # under production settings runs before collectstatic in CI).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/khooshe.svg"), permanent=True),
    ),
    path("accounts/", include("khooshe.accounts.urls")),
    # Sign-up, verification, password reset, two-factor (django-allauth; its login and logout
    # are the two above).
    path("accounts/", include("allauth.urls")),
    path("registry/", include("khooshe.registry.urls")),
    path("proposals/", include("khooshe.proposals.urls")),
    path("programs/", include("khooshe.loans.urls")),
    path("governance/", include("khooshe.governance.urls")),
    path("eservices/", include("khooshe.eservices.urls")),
    path("events/", include("khooshe.events.urls")),
    path("obstacles/", include("khooshe.obstacles.urls")),
    path("indicators/", include("khooshe.indicators.urls")),
    path("record/", include("khooshe.record.urls")),
    path("opendata/", include("khooshe.opendata.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("khooshe.api_urls")),
]

if settings.DEBUG:
    # Public media (logos) in development; attachments are always served through
    # core:attachment, which checks who may see them.
    urlpatterns += [
        path("media/logos/<path:path>", serve, {"document_root": settings.MEDIA_ROOT / "logos"})
    ]
