"""``POST /api/v1/organizations/import/``: the guild's member list through the API, with the
same dry run and all-or-nothing confirm as the import page (khooshe.registry.imports)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from khooshe.registry import imports


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(label=gettext_lazy("فایل فهرست اعضا (.xlsx یا CSV)"))
    dry_run = serializers.BooleanField(default=True)
    skip_invalid = serializers.BooleanField(default=False)

    def validate_file(self, upload):
        if upload.size > imports.MAX_FILE_SIZE:
            raise serializers.ValidationError(_("فایل بزرگ‌تر از ۲۰ مگابایت است."))
        return upload


def report_payload(report: imports.ImportReport) -> dict:
    return {"applied": report.applied, "counts": report.counts(), **report.to_dict()}


class OrganizationImportAPIView(APIView):
    """``file`` (.xlsx or CSV), ``dry_run`` (default true), ``skip_invalid`` (default false).
    200 with the per-row report for a dry run; 201 when written; 400 ``{"file": [...]}`` for
    an unreadable file, or the report when rows are rejected and nothing was written; 403 for
    anyone but guild staff. Runs in the request: the import page runs large files as a
    background task."""

    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ImportRequestSerializer,
        responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        imports.require_importer(request.user)
        payload = ImportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        content = upload.read()
        try:
            if payload.validated_data["dry_run"]:
                report = imports.import_dry_run(
                    actor=request.user, content=content, filename=upload.name
                )
                return Response(report_payload(report))
            report = imports.import_apply(
                actor=request.user,
                content=content,
                filename=upload.name,
                skip_invalid=payload.validated_data["skip_invalid"],
            )
        except imports.ImportError_ as error:
            return Response({"file": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        except imports.ImportRejected as rejected:
            return Response(
                {"detail": str(rejected), **report_payload(rejected.report)},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(report_payload(report), status=status.HTTP_201_CREATED)
