from rest_framework import serializers

from khooshe.indicators.definitions import DISAGGREGATION_LABELS


class IndicatorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_fa = serializers.CharField()
    name_en = serializers.CharField()
    definition = serializers.CharField()
    formula = serializers.CharField()
    unit = serializers.CharField()
    unit_label = serializers.CharField()
    higher_is_better = serializers.BooleanField()
    source = serializers.CharField()
    origin = serializers.SerializerMethodField()
    capability = serializers.CharField(source="app_label")
    disaggregations = serializers.SerializerMethodField()
    per_10k_inhabitants = serializers.BooleanField()
    aggregation = serializers.CharField()
    values_url = serializers.SerializerMethodField()

    def get_origin(self, indicator) -> str:
        return "entered" if indicator.is_entered else "computed"

    def get_disaggregations(self, indicator) -> list[dict[str, str]]:
        return [
            {"key": key, "label": str(DISAGGREGATION_LABELS[key])}
            for key in indicator.disaggregations
        ]

    def get_values_url(self, indicator) -> str:
        return f"/api/v1/indicators/{indicator.slug}/values/"


class JalaliIsoDate(serializers.Serializer):
    jalali = serializers.CharField()
    iso = serializers.DateField()


class ValueSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    province = serializers.CharField(source="province_code")
    province_name = serializers.CharField()
    province_name_en = serializers.CharField()
    period = serializers.CharField()
    is_year = serializers.BooleanField()
    disaggregation = serializers.CharField(source="dis_key")
    group = serializers.CharField(source="dis_value")
    group_label = serializers.CharField(source="dis_label")
    value = serializers.DecimalField(
        max_digits=24, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    suppressed = serializers.BooleanField(help_text="fewer than 5 records: the value is hidden")
    display = serializers.CharField(help_text="the value as shown on the pages («کمتر از ۵»)")
    per_10k = serializers.DecimalField(
        max_digits=24, decimal_places=4, coerce_to_string=False, allow_null=True
    )
    origin = serializers.ChoiceField(choices=["computed", "entered"])
    source = serializers.CharField()
    source_url = serializers.CharField(allow_blank=True)
    source_date = JalaliIsoDate(allow_null=True)
    computed_at = serializers.DateTimeField()
    run = serializers.IntegerField(source="run_id", allow_null=True)
    is_demo = serializers.BooleanField()
