"""Serializers of the acts API shared by more than one view (the register's)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from acts_registry.register_search import MAX_PAGE
from acts_registry.search import MAX_PAGE_SIZE, MAX_QUERY_CHARS, Sort

# Filters that take codes (court=ALM-BOS); each may be given several times (any matches).
TERM_FILTERS = ("court", "region", "instance", "category", "judge", "kind", "outcome")


class TermValues(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(
            child=serializers.CharField(max_length=300), max_length=20, required=False, **kwargs
        )

    def get_value(self, dictionary):
        # Query parameters: court=A&court=B → ["A", "B"]; blanks (an "Any" select) dropped.
        if not hasattr(dictionary, "getlist"):
            return super().get_value(dictionary)
        values = [v for v in dictionary.getlist(self.field_name) if v.strip()]
        return values or serializers.empty


class RegisterFilterSerializer(serializers.Serializer):
    """Query parameters of GET /api/v1/acts/. Out-of-range values are refused (400), not
    clamped, so a client never silently gets a different page than it asked for; a page
    inside the range but past the results is an empty page."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_QUERY_CHARS, trim_whitespace=True
    )
    court = TermValues()
    region = TermValues()
    instance = TermValues()
    category = TermValues()
    judge = TermValues()
    kind = TermValues()
    outcome = TermValues()
    issued_from = serializers.DateField(required=False)
    issued_to = serializers.DateField(required=False)
    sort = serializers.ChoiceField(
        choices=[s.value for s in Sort], required=False, default=Sort.RELEVANCE.value
    )
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=MAX_PAGE)
    page_size = serializers.IntegerField(
        required=False, default=20, min_value=1, max_value=MAX_PAGE_SIZE
    )

    def validate(self, attrs):
        start, end = attrs.get("issued_from"), attrs.get("issued_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"issued_to": _("The end of the date range is before its start.")}
            )
        return attrs


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class RegisterFacetsSerializer(serializers.Serializer):
    court = FacetValueSerializer(many=True)
    region = FacetValueSerializer(many=True)
    instance = FacetValueSerializer(many=True)
    category = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    outcome = FacetValueSerializer(many=True)


class RegisterHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    case_number = serializers.CharField()
    court = serializers.CharField()
    court_name = serializers.CharField()
    region = serializers.CharField()
    instance = serializers.CharField()
    category = serializers.CharField()
    kind = serializers.CharField()
    outcome = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    snippet = serializers.CharField(help_text="HTML: escaped text, matches in <mark>.")
    score = serializers.FloatField(allow_null=True, help_text="BM25; null when sorted by date.")


class RegisterListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = RegisterHitSerializer(many=True)
    facets = RegisterFacetsSerializer()


class RegisterActSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    case_number = serializers.CharField()
    court = serializers.CharField(source="court_code")
    court_name = serializers.CharField()
    region = serializers.CharField(source="region_code")
    region_name = serializers.CharField()
    instance = serializers.CharField()
    category = serializers.CharField(source="category_code")
    category_name = serializers.CharField()
    judge_names = serializers.CharField()
    kind = serializers.CharField()
    outcome = serializers.CharField()
    status = serializers.CharField()
    title = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    in_force_on = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    text_public = serializers.CharField()
    pdf_url = serializers.CharField()
    verification_code = serializers.CharField(allow_null=True)
    verification_url = serializers.CharField(allow_null=True)
