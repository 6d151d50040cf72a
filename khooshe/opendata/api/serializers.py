"""The API's view of a dataset: what it is, its licence, when it changed, its files and (in
the detail) its Table Schema."""

from __future__ import annotations

from rest_framework import serializers


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    path = serializers.URLField()


class ResourceSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=["csv", "xlsx", "json", "datapackage"])
    mediatype = serializers.CharField()
    url = serializers.URLField()


class FieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    description_en = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(allow_blank=True)
    unit_en = serializers.CharField(allow_blank=True)


class DatasetSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    description = serializers.CharField()
    description_en = serializers.CharField()
    capability = serializers.CharField()
    capability_en = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField())
    licence = LicenceSerializer()
    last_modified = serializers.DateTimeField(allow_null=True)
    last_modified_jalali = serializers.CharField(allow_null=True)
    rows = serializers.IntegerField()
    downloads = serializers.IntegerField()
    page = serializers.URLField()
    resources = ResourceSerializer(many=True)


class DatasetDetailSerializer(DatasetSerializer):
    fields = FieldSerializer(many=True)
    missing_values = serializers.ListField(child=serializers.CharField())
