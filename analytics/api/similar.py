"""API: similar cases, ranking, category suggestion, trace through instances, feedback.

POST /api/v1/analytics/similar/             {text | case_id, k, category, court, date_from, date_to}
POST /api/v1/analytics/rank/                {query, candidates: [...]} -> {scores: [...]}
POST /api/v1/analytics/category/            {text} -> suggestions with probabilities
GET  /api/v1/analytics/trace/<act_id>/      the act's path through instances, with outcomes
POST /api/v1/analytics/answers/<id>/wrong/  {feedback}: the answer was wrong

Who may ask what is in analytics.access ("AI" section). Every answer is logged
(analytics.ai_log) with the model's name and version, and carries the log entry's id so the
judge can mark it wrong. Bad input is a 400 {"detail", "code"} with a stable code: empty_text,
text_too_long, no_words, unsupported_script, k_out_of_range, text_or_case, too_many_candidates,
bad_date_range.
"""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import access, ai_log, embeddings
from analytics.api.throttles import AI_THROTTLES
from analytics.category import suggest_category
from analytics.similar import MAX_K, MIN_K, SimilarFilters, similar_acts
from analytics.trace import act_trace
from judicial_account.core.api import ApplicationError

MAX_API_CANDIDATES = 50
DISCLAIMER = gettext_lazy(
    "Advisory only: found by a language model among the acts you may read; it does not "
    "decide anything and may be wrong."
)


def _checked_text(text: str | None) -> str:
    try:
        return embeddings.text_check(text)
    except embeddings.TextRejected as problem:
        raise ApplicationError(problem.message, code=problem.code) from None


def _model() -> dict:
    return {"name": embeddings.MODEL_NAME, "version": embeddings.MODEL_VERSION}


def _text_field(**kwargs):
    # Length and emptiness are checked by text_check, to answer them with their own codes.
    return serializers.CharField(trim_whitespace=False, allow_blank=True, **kwargs)


# --- answers, as the schema documents them ------------------------------------------------


class AIModelSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    act_id = serializers.IntegerField()
    score = serializers.FloatField(help_text="fused reciprocal-rank score; only the order counts")
    similarity = serializers.FloatField(allow_null=True)
    text_rank = serializers.IntegerField(allow_null=True)
    passage = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    instance = serializers.CharField()
    instance_label = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    court = serializers.CharField()
    category = serializers.CharField()
    case_number = serializers.CharField()
    url = serializers.CharField()
    why = serializers.ListField(child=serializers.CharField())


class SuggestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    probability = serializers.FloatField()
    neighbours = serializers.IntegerField()


class TraceActSerializer(serializers.Serializer):
    act_id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    status = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    in_force_on = serializers.DateField(allow_null=True)
    url = serializers.CharField()


class TraceStepSerializer(serializers.Serializer):
    instance = serializers.CharField()
    instance_label = serializers.CharField()
    court = serializers.CharField()
    case_number = serializers.CharField()
    is_current = serializers.BooleanField()
    acts = TraceActSerializer(many=True)


class SimilarActsApi(APIView):
    """The k acts most similar to a text or to a case, vector similarity and full-text rank
    fused; each with its best passage, outcome, instance, date, court and link."""

    permission_classes = [AllowAny]
    throttle_classes = AI_THROTTLES

    class InputSerializer(serializers.Serializer):
        text = _text_field(required=False)
        case_id = serializers.IntegerField(required=False, min_value=1)
        k = serializers.IntegerField(required=False, default=10)
        category = serializers.CharField(required=False, allow_blank=True, max_length=64)
        court = serializers.CharField(required=False, allow_blank=True, max_length=64)
        date_from = serializers.DateField(required=False, allow_null=True)
        date_to = serializers.DateField(required=False, allow_null=True)

    class OutputSerializer(serializers.Serializer):
        interaction_id = serializers.IntegerField()
        model = AIModelSerializer()
        disclaimer = serializers.CharField()
        results = MatchSerializer(many=True)

    @extend_schema(
        operation_id="analytics_similar", request=InputSerializer, responses={200: OutputSerializer}
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if not MIN_K <= values["k"] <= MAX_K:
            raise ApplicationError(
                _("k must be between %(low)s and %(high)s.") % {"low": MIN_K, "high": MAX_K},
                code="k_out_of_range",
            )
        if ("text" in values) == ("case_id" in values):
            raise ApplicationError(_("Send either a text or a case."), code="text_or_case")
        date_from, date_to = values.get("date_from"), values.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise ApplicationError(_("The period ends before it starts."), code="bad_date_range")
        case = None
        if "case_id" in values:
            case = access.similar_case_get_for(request.user, values["case_id"])
            text = None
        else:
            text = _checked_text(values["text"])
        matches = similar_acts(
            user=request.user,
            text=text,
            case=case,
            k=values["k"],
            filters=SimilarFilters(
                category=values.get("category", ""),
                court=values.get("court", ""),
                date_from=date_from,
                date_to=date_to,
            ),
        )
        results = [match.as_dict() for match in matches]
        interaction = ai_log.record(
            kind="similar",
            user=request.user,
            case=case,
            input_text={
                key: str(value) for key, value in values.items() if value not in (None, "")
            },
            model_name=embeddings.MODEL_NAME,
            model_version=embeddings.MODEL_VERSION,
            output={"acts": [[m.act_id, m.score] for m in matches]},
        )
        return Response(
            {
                "interaction_id": interaction.pk,
                "model": _model(),
                "disclaimer": str(DISCLAIMER),
                "results": results,
            }
        )


class RankTextsApi(APIView):
    """Scores of candidate texts against a query, in the candidates' order; higher is more
    similar (cosine similarity of the embeddings, -1..1)."""

    permission_classes = [IsAuthenticated]
    throttle_classes = AI_THROTTLES

    class InputSerializer(serializers.Serializer):
        query = _text_field()
        candidates = serializers.ListField(child=_text_field(), allow_empty=True)

    class OutputSerializer(serializers.Serializer):
        interaction_id = serializers.IntegerField()
        model = AIModelSerializer()
        scores = serializers.ListField(child=serializers.FloatField())

    @extend_schema(
        operation_id="analytics_rank", request=InputSerializer, responses={200: OutputSerializer}
    )
    def post(self, request):
        if not access.may_rank(request.user):
            raise ApplicationError(_("Sign in to use ranking."), code="not_allowed")
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        candidates = data.validated_data["candidates"]
        if not 1 <= len(candidates) <= MAX_API_CANDIDATES:
            raise ApplicationError(
                _("Send between 1 and %(limit)s candidates.") % {"limit": MAX_API_CANDIDATES},
                code="too_many_candidates",
            )
        query = _checked_text(data.validated_data["query"])
        scores = embeddings.rank(query, [_checked_text(text) for text in candidates])
        interaction = ai_log.record(
            kind="rank",
            user=request.user,
            input_text={"query": query, "candidates": candidates},
            model_name=embeddings.MODEL_NAME,
            model_version=embeddings.MODEL_VERSION,
            output={"scores": scores},
        )
        return Response({"interaction_id": interaction.pk, "model": _model(), "scores": scores})


class CategorySuggestApi(APIView):
    """Likely categories of a claim from its text; the filer chooses."""

    permission_classes = [AllowAny]
    throttle_classes = AI_THROTTLES

    class InputSerializer(serializers.Serializer):
        text = _text_field()

    class OutputSerializer(serializers.Serializer):
        interaction_id = serializers.IntegerField()
        model = AIModelSerializer()
        disclaimer = serializers.CharField()
        suggestions = SuggestionSerializer(many=True)

    @extend_schema(
        operation_id="analytics_category",
        request=InputSerializer,
        responses={200: OutputSerializer},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        text = _checked_text(data.validated_data["text"])
        suggestions = [
            {
                "code": s.code,
                "name": s.name,
                "probability": s.probability,
                "neighbours": s.neighbours,
            }
            for s in suggest_category(text)
        ]
        interaction = ai_log.record(
            kind="category",
            user=request.user,
            input_text=text,
            model_name=embeddings.MODEL_NAME,
            model_version=embeddings.MODEL_VERSION,
            output={"suggestions": [[s["code"], s["probability"]] for s in suggestions]},
        )
        return Response(
            {
                "interaction_id": interaction.pk,
                "model": _model(),
                "disclaimer": str(DISCLAIMER),
                "suggestions": suggestions,
            }
        )


class ActTraceApi(APIView):
    """The act's case through first instance, appeal and cassation, each with its acts and
    outcomes, as far as the asker may read them."""

    permission_classes = [AllowAny]
    throttle_classes = AI_THROTTLES

    class OutputSerializer(serializers.Serializer):
        act_id = serializers.IntegerField()
        steps = TraceStepSerializer(many=True)

    @extend_schema(operation_id="analytics_trace", request=None, responses={200: OutputSerializer})
    def get(self, request, act_id: int):
        act = access.trace_act_get_for(request.user, act_id)
        return Response(act_trace(act, user=request.user))


class AnswerMarkWrongApi(APIView):
    """The person an answer was given to, or the judge of its case, says it was wrong."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        feedback = serializers.CharField(
            required=False, allow_blank=True, max_length=ai_log.FEEDBACK_MAX_CHARS
        )

    class OutputSerializer(serializers.Serializer):
        interaction_id = serializers.IntegerField()
        marked_wrong_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="analytics_answer_wrong",
        request=InputSerializer,
        responses={200: OutputSerializer},
    )
    def post(self, request, interaction_id: int):
        interaction = access.interaction_get_for_feedback(request.user, interaction_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        interaction = ai_log.mark_wrong(
            interaction=interaction,
            user=request.user,
            feedback=data.validated_data.get("feedback", ""),
        )
        return Response(
            {"interaction_id": interaction.pk, "marked_wrong_at": interaction.marked_wrong_at}
        )


urlpatterns = [
    path("similar/", SimilarActsApi.as_view(), name="similar"),
    path("rank/", RankTextsApi.as_view(), name="rank"),
    path("category/", CategorySuggestApi.as_view(), name="category"),
    path("trace/<int:act_id>/", ActTraceApi.as_view(), name="trace"),
    path("answers/<int:interaction_id>/wrong/", AnswerMarkWrongApi.as_view(), name="answer_wrong"),
]
