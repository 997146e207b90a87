"""Pages of the similar-case search (mounted under /analytics/)."""

from django.urls import path

from analytics import case_law_views

urlpatterns = [
    path("similar/", case_law_views.similar_page, name="similar"),
    path("similar/case/<int:case_id>/", case_law_views.similar_case_page, name="similar_case"),
    path(
        "similar/answers/<int:interaction_id>/wrong/",
        case_law_views.answer_wrong,
        name="similar_answer_wrong",
    ),
]
