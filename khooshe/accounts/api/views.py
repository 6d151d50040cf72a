from collections.abc import Mapping

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from khooshe.accounts.permissions import grants_of


class TokenView(ObtainAuthToken):
    """``POST /api/v1/auth/token/`` with ``username`` and ``password`` → ``{"token": …}``.
    Failed attempts count towards django-axes' lock-out like the login page."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    def post(self, request, *args, **kwargs):
        # A locked-out user gets 429 with the reason, as the login page says it, not the
        # generic "wrong credentials" 400 that would invite more guesses.
        # A body that is not an object (a list, a number) is the serializer's 400, not a 500.
        data = request.data if isinstance(request.data, Mapping) else {}
        credentials = {"username": str(data.get("username", ""))}
        if AxesProxyHandler.is_locked(request._request, credentials):
            raise Throttled(
                detail=_(
                    "به دلیل چند تلاش ناموفق پیاپی، ورود با این نام کاربری از این نشانی برای ۱۵ "
                    "دقیقه بسته شد. پس از آن دوباره تلاش کنید یا با پشتیبانی سامانه تماس بگیرید."
                )
            )
        return super().post(request, *args, **kwargs)


@extend_schema(
    responses=inline_serializer(
        "Me",
        {
            "id": serializers.IntegerField(),
            "username": serializers.CharField(),
            "name": serializers.CharField(),
            "language": serializers.CharField(),
            "roles": serializers.ListField(child=serializers.CharField()),
        },
    )
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    user = request.user
    return Response(
        {
            "id": user.pk,
            "username": user.username,
            "name": str(user),
            "language": user.language,
            "roles": sorted(grants_of(user).roles()),
        }
    )
