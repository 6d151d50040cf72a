from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from khooshe.accounts.services import token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; a token past its lifetime is deleted and answers 401."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            token.delete()
            raise AuthenticationFailed(_("این توکن منقضی شده است؛ توکن تازه بگیرید."))
        return user, token
