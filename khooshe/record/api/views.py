"""``/api/v1/articles/``: the same selectors (404 when hidden), FilterSet, services and
permissions (403 not allowed, 400 invalid, 409 decided already) as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from khooshe.history.api.views import HistoryMixin
from khooshe.record import permissions, selectors, services
from khooshe.record.api import serializers as s
from khooshe.record.filters import ArticleFilter
from khooshe.record.models import Suggestion


class ArticleViewSet(HistoryMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ArticleSerializer
    filterset_class = ArticleFilter

    def get_queryset(self):
        return selectors.article_list(viewer=self.request.user).order_by("-published_on", "-id")

    def get_serializer_class(self):
        return s.ArticleDetailSerializer if self.action == "retrieve" else s.ArticleSerializer

    def get_object(self):
        article = selectors.article_get(viewer=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, article)
        return article

    @extend_schema(request=s.ArticleCreateSerializer, responses={201: s.ArticleDetailSerializer})
    def create(self, request):
        serializer = s.ArticleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = services.article_create(actor=request.user, **serializer.validated_data)
        article = selectors.article_get(viewer=request.user, pk=article.pk)
        return Response(s.ArticleDetailSerializer(article).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses=s.ArticleSuggestionSerializer(many=True),
        parameters=[
            OpenApiParameter("kind", str, enum=["mention", "figure", "promise"]),
            OpenApiParameter("state", str, enum=["offered", "confirmed", "rejected"]),
        ],
    )
    @action(detail=True, methods=["get"])
    def suggestions(self, request, pk=None):
        """Staff of the province see every suggestion; others the confirmed ones."""
        article = self.get_object()
        rows = selectors.suggestions_of(article, viewer=request.user)
        for name in ("kind", "state"):
            if request.query_params.get(name):
                rows = rows.filter(**{name: request.query_params[name]})
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.ArticleSuggestionSerializer(page, many=True).data)


class SuggestionViewSet(viewsets.GenericViewSet):
    serializer_class = s.ArticleSuggestionSerializer

    def get_queryset(self):
        return Suggestion.objects.none()  # never listed; the actions fetch one by one

    def get_object(self):
        return selectors.suggestion_get(viewer=self.request.user, pk=self.kwargs["pk"])

    def _manage(self, suggestion):
        if not permissions.can_manage(self.request.user, suggestion.article.province_id):
            raise PermissionDenied

    @extend_schema(request=s.SuggestionConfirmSerializer, responses=s.ArticleSuggestionSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        suggestion = self.get_object()
        self._manage(suggestion)
        serializer = s.SuggestionConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        suggestion = services.suggestion_confirm(
            actor=request.user, suggestion=suggestion, **serializer.validated_data
        )
        return Response(s.ArticleSuggestionSerializer(suggestion).data)

    @extend_schema(request=None, responses=s.ArticleSuggestionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        suggestion = self.get_object()
        self._manage(suggestion)
        suggestion = services.suggestion_reject(actor=request.user, suggestion=suggestion)
        return Response(s.ArticleSuggestionSerializer(suggestion).data)
