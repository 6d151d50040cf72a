"""The REST API under /api/v1/, its OpenAPI schema and its offline docs.

The docs are Swagger UI served from drf-spectacular-sidecar as a separate script (the split
view), which works under our strict CSP; ReDoc is not offered: its page loads fonts from an
outside host and injects inline styles.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from khooshe.accounts.api.views import TokenView, logout, me
from khooshe.geo.api.views import ProvinceViewSet

router = DefaultRouter()
router.register("provinces", ProvinceViewSet, basename="province")

v1 = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/logout/", logout, name="api-logout"),
    path("me/", me, name="api-me"),
    path("", include("khooshe.registry.api.urls")),
    path("", include("khooshe.proposals.api.urls")),
    path("", include("khooshe.loans.api.urls")),
    path("", include("khooshe.governance.api.urls")),
    path("", include("khooshe.eservices.api.urls")),
    path("", include("khooshe.events.api.urls")),
    path("", include("khooshe.obstacles.api.urls")),
    path("", include("khooshe.indicators.api.urls")),
    path("", include("khooshe.record.api.urls")),
    path("", include("khooshe.opendata.api.urls")),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
