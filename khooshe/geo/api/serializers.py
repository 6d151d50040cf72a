from rest_framework import serializers

from khooshe.geo.models import County, Province


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name", "name_en", "center"]


class CountySerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)

    class Meta:
        model = County
        fields = ["id", "name", "name_en", "center", "province"]
