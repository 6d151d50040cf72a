"""The API's router: a detail route's id is a whole number.

DRF's default lookup pattern (``[^/.]+``) lets ``/organizations/abc/`` reach the view, whose
``pk=…`` lookup then fails with a server error; this router's default ``[0-9]+`` makes such a
path no route at all (404), and the schema declares the id an integer. A ViewSet that looks
records up by something else sets its own ``lookup_value_regex``.
"""

from rest_framework.routers import SimpleRouter

#: At most 18 digits: every such id fits the databases' 64-bit integers.
ID_REGEX = r"[0-9]{1,18}"


class IdRouter(SimpleRouter):
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        lookup_value = getattr(viewset, "lookup_value_regex", None) or ID_REGEX
        return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{lookup_value})"
