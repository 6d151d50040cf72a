from collections.abc import Mapping

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from khooshe.accounts import two_factor
from khooshe.accounts.permissions import grants_of
from khooshe.accounts.services import token_expires_at, token_issue, tokens_revoke
from khooshe.persian.text import to_latin_digits


class TokenRequestSerializer(AuthTokenSerializer):
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="کد شش‌رقمی برنامه احراز هویت، برای کاربرانی که ورود دومرحله‌ای دارند.",
    )


class TokenView(ObtainAuthToken):
    """``POST /api/v1/auth/token/`` with ``username`` and ``password`` (and ``code``, the
    TOTP code, for a user with two-factor sign-in) → ``{"token": …, "expires": …}``.
    Failed attempts count towards django-axes' lock-out like the login page. The token
    expires after ``KHOOSHE_TOKEN_TTL`` seconds, on a password change and on logout."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer(
            "IssuedToken",
            {"token": serializers.CharField(), "expires": serializers.DateTimeField()},
        ),
    )
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
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is not None:
            code = to_latin_digits(serializer.validated_data.get("code") or "").strip()
            if not code or not TOTP(totp).validate_code(code):
                raise serializers.ValidationError(
                    {"code": [_("کد ورود دومرحله‌ای را درست وارد کنید.")]}
                )
        elif two_factor.must_set_up_two_factor(user):
            raise serializers.ValidationError(
                {
                    "code": [
                        _("برای این حساب ورود دومرحله‌ای لازم است؛ نخست در سایت آن را فعال کنید.")
                    ]
                }
            )
        token = token_issue(user=user)
        return Response({"token": token.key, "expires": token_expires_at(token)})


@extend_schema(request=None, responses={204: None})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def logout(request):
    """``POST /api/v1/auth/logout/``: ends the user's API token."""
    tokens_revoke(user=request.user)
    return Response(status=204)


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
