"""The public record in the API: articles and their suggestions."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from khooshe.geo.models import Province
from khooshe.governance.models import Body, Commitment
from khooshe.persian.serializers import IntegerField, JalaliDateField
from khooshe.record.models import Article, Suggestion
from khooshe.record.targets import KINDS, resolve_target
from khooshe.registry.models import Organization


class ArticleSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)
    published_on = JalaliDateField(read_only=True)
    body = IntegerField(source="body_id", read_only=True, allow_null=True)
    processed = serializers.BooleanField(source="is_processed", read_only=True)
    #: A web address, or empty: a plain string in the schema (``""`` is not a URI).
    url = serializers.CharField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "province", "kind", "title", "source", "body", "published_on", "url",
            "is_public", "processing", "progress", "processed", "version",
        ]  # fmt: skip
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "original_text"]
        read_only_fields = fields


class ArticleCreateSerializer(serializers.Serializer):
    province = serializers.CharField(help_text="ISO 3166-2:IR, e.g. IR-02")
    kind = serializers.ChoiceField(choices=Article.Kind.choices, required=False)
    title = serializers.CharField(max_length=300)
    source = serializers.CharField(max_length=100)
    body = IntegerField(required=False, allow_null=True, min_value=1)
    published_on = JalaliDateField()
    url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    original_text = serializers.CharField(trim_whitespace=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False, default=True)

    def validate_province(self, value):
        province = Province.objects.filter(code__iexact=value.strip()).first()
        if province is None:
            raise serializers.ValidationError(_("استان نامعتبر است."))
        return province

    def validate_body(self, value):
        if value is None:
            return None
        body = Body.objects.filter(pk=value).first()
        if body is None:
            raise serializers.ValidationError(_("نهاد نامعتبر است."))
        return body


class ArticleSuggestionSerializer(serializers.ModelSerializer):
    due_on = JalaliDateField(read_only=True, allow_null=True)
    target = serializers.SerializerMethodField()
    value = IntegerField(read_only=True, allow_null=True)
    value_max = IntegerField(read_only=True, allow_null=True)
    owner = IntegerField(source="owner_id", read_only=True, allow_null=True)
    commitment = IntegerField(source="commitment_id", read_only=True, allow_null=True)
    # Empty for the suggestions they do not apply to: plain strings in the schema.
    qualifier = serializers.CharField(read_only=True)
    indicator_slug = serializers.CharField(read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id", "kind", "state", "sentence", "phrase", "start", "end", "target", "value",
            "value_max", "qualifier", "counts", "indicator_slug", "due_on", "due_text", "owner",
            "commitment", "article_version",
        ]  # fmt: skip
        read_only_fields = fields

    def get_target(self, obj) -> dict | None:
        for kind, (_model, field) in KINDS.items():
            if getattr(obj, f"{field}_id"):
                return {
                    "kind": kind,
                    "id": getattr(obj, f"{field}_id"),
                    "name": str(getattr(obj, field)),
                }
        return None


class SuggestionConfirmSerializer(serializers.Serializer):
    value = IntegerField(required=False, min_value=0)
    value_max = IntegerField(required=False, min_value=0)
    qualifier = serializers.ChoiceField(choices=Suggestion.Qualifier.choices, required=False)
    counts = serializers.CharField(max_length=100, required=False)
    indicator_slug = serializers.SlugField(max_length=80, required=False)
    owner = IntegerField(required=False, min_value=1)
    due_on = JalaliDateField(required=False)
    title = serializers.CharField(max_length=300, required=False)
    commitment = IntegerField(required=False, min_value=1)
    target = serializers.CharField(
        max_length=40,
        required=False,
        help_text=_(
            "رکورد درست یک نام به شکل نوع:شناسه (organization، person، cluster، body، "
            "project)، مثل organization:12"
        ),
    )

    def validate_target(self, value):
        try:
            return resolve_target(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["target"]) from None

    def validate_owner(self, value):
        organization = Organization.objects.filter(pk=value, merged_into__isnull=True).first()
        if organization is None:
            raise serializers.ValidationError(_("سازمان نامعتبر است."))
        return organization

    def validate_commitment(self, value):
        commitment = Commitment.objects.filter(pk=value).first()
        if commitment is None:
            raise serializers.ValidationError(_("تعهد نامعتبر است."))
        return commitment
