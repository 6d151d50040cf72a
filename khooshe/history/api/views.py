"""A reusable ``…/{id}/history/`` endpoint for any ViewSet whose model keeps history."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from khooshe.history.selectors import history_entries


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()
    old_items = serializers.ListField(child=serializers.CharField())
    new_items = serializers.ListField(child=serializers.CharField())


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    at_jalali = serializers.CharField()
    user = serializers.CharField()
    user_id = serializers.IntegerField(allow_null=True)
    change_type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    reason = serializers.CharField()
    changes = HistoryChangeSerializer(many=True)


class HistoryMixin:
    """Adds ``GET …/{id}/history/``; the object is fetched with the ViewSet's own
    ``get_object`` so its permission checks apply."""

    @extend_schema(responses=HistoryEntrySerializer(many=True), request=None)
    @action(detail=True, methods=["get"], url_path="history")
    def history(self, request, *args, **kwargs):
        entries = history_entries(self.get_object())
        page = self.paginate_queryset(entries)
        data = HistoryEntrySerializer(page if page is not None else entries, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)
