"""The obstacles API: the same selectors (404 when hidden), FilterSet and services (403 not
allowed, 400 invalid, 409 out of order) as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from khooshe.core.idempotency import key_from_request, run_once
from khooshe.history.api.views import HistoryMixin
from khooshe.obstacles import selectors, services
from khooshe.obstacles.api import serializers as s
from khooshe.obstacles.filters import ObstacleFilter
from khooshe.obstacles.models import Category


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Open311-style service list: the categories of obstacles."""

    serializer_class = s.CategorySerializer
    permission_classes = [AllowAny]
    pagination_class = None
    queryset = Category.objects.filter(is_active=True)


class ObstacleViewSet(HistoryMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ObstacleSerializer
    filterset_class = ObstacleFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.obstacle_list(viewer=self.request.user).order_by("-created_at", "-id")

    def get_object(self):
        obstacle = selectors.obstacle_get(viewer=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obstacle)
        return obstacle

    def _result(self, obstacle, code=status.HTTP_200_OK):
        obstacle = selectors.obstacle_get(viewer=self.request.user, pk=obstacle.pk)
        return Response(s.ObstacleSerializer(obstacle).data, status=code)

    @extend_schema(request=s.ReportSerializer, responses={201: s.ObstacleSerializer})
    def create(self, request):
        serializer = s.ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def run():
            obstacle = services.obstacle_report(
                actor=request.user,
                category=data["category"],
                title=data["title"],
                description=data["description"],
                province=data["province"],
                county=data.get("county"),
                since=data.get("since"),
                links="\n".join(data.get("links", [])),
                is_public=data["is_public"],
                reporter_organization=data.get("reporter_organization"),
                affected=data.get("affected", []),
            )
            return status.HTTP_201_CREATED, s.ObstacleSerializer(obstacle).data

        code, body, _replayed = run_once(
            user=request.user, scope="obstacles.report", key=key_from_request(request), action=run
        )
        return Response(body, status=code)

    def _step(self, request, serializer_class, service, **fixed):
        obstacle = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        service(actor=request.user, obstacle=obstacle, **serializer.validated_data, **fixed)
        return self._result(obstacle)

    @extend_schema(request=s.RouteSerializer, responses=s.ObstacleSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def route(self, request, pk=None):
        obstacle = self.get_object()
        serializer = s.RouteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.obstacle_route(
            actor=request.user,
            obstacle=obstacle,
            body=data["body"],
            answer_days=data.get("answer_days"),
            note=data.get("reason", ""),
        )
        return self._result(obstacle)

    @extend_schema(request=s.RouteSerializer, responses=s.ObstacleSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reroute(self, request, pk=None):
        return self._step(request, s.RouteSerializer, services.obstacle_reroute)

    @extend_schema(request=s.NoteSerializer, responses=s.ObstacleSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def start(self, request, pk=None):
        return self._step(request, s.NoteSerializer, services.obstacle_start)

    @extend_schema(request=s.CloseSerializer, responses=s.ObstacleSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def close(self, request, pk=None):
        return self._step(request, s.CloseSerializer, services.obstacle_close)

    @extend_schema(request=s.ReasonSerializer, responses=s.ObstacleSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reopen(self, request, pk=None):
        return self._step(request, s.ReasonSerializer, services.obstacle_reopen)

    @extend_schema(request=s.RateSerializer, responses=s.ObstacleSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def rate(self, request, pk=None):
        return self._step(request, s.RateSerializer, services.obstacle_rate)

    @extend_schema(request=s.AnswerCreateSerializer, responses=s.ObstacleSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def answer(self, request, pk=None):
        obstacle = self.get_object()
        serializer = s.AnswerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data.get("file")
        services.answer_add(
            actor=request.user,
            obstacle=obstacle,
            text=serializer.validated_data["text"],
            files=[upload] if upload else [],
        )
        return self._result(obstacle)

    @extend_schema(responses=s.AnswerSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def answers(self, request, pk=None):
        obstacle = self.get_object()
        rows = obstacle.answers.select_related("organization")
        return Response(s.AnswerSerializer(rows, many=True).data)

    @extend_schema(responses=s.StepSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def timeline(self, request, pk=None):
        obstacle = self.get_object()
        return Response(s.StepSerializer(obstacle.steps.all(), many=True).data)

    @extend_schema(request=s.SupportCreateSerializer, responses=s.SupportSerializer(many=True))
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def supports(self, request, pk=None):
        """GET: the supporting organizations; POST: an organization supports (once)."""
        obstacle = self.get_object()
        if request.method == "POST":
            serializer = s.SupportCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            services.obstacle_support(
                actor=request.user, obstacle=obstacle, **serializer.validated_data
            )
            code = status.HTTP_201_CREATED
        else:
            code = status.HTTP_200_OK
        rows = obstacle.supports.select_related("organization")
        return Response(s.SupportSerializer(rows, many=True).data, status=code)
