from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from khooshe.geo.api.serializers import CountySerializer, ProvinceSerializer
from khooshe.geo.models import Province


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """Iran's 31 provinces (ISO 3166-2:IR codes) and their counties; short lists, unpaginated."""

    queryset = Province.objects.all()
    serializer_class = ProvinceSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[Ii][Rr]-[0-9]{2}"
    pagination_class = None

    def get_object(self):
        # ir-02 names the same province as IR-02 (the organizations filter accepts both).
        return get_object_or_404(Province, code=self.kwargs["code"].upper())

    @extend_schema(responses=CountySerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=CountySerializer)
    def counties(self, request, code=None):
        province = get_object_or_404(Province, code=code.upper())
        counties = province.counties.select_related("province").order_by("name")
        return Response(CountySerializer(counties, many=True).data)
