"""Pages of the outcome forecast and the non-standard decision flags (under /analytics/)."""

from django.urls import path

from analytics import forecast_views

urlpatterns = [
    path("forecast/", forecast_views.forecast_page, name="forecast"),
    path("forecast/case/<int:case_id>/", forecast_views.forecast_case_page, name="forecast_case"),
    path(
        "forecast/answers/<int:interaction_id>/wrong/",
        forecast_views.forecast_answer_wrong,
        name="forecast_answer_wrong",
    ),
    path("nonstandard/", forecast_views.nonstandard_page, name="nonstandard"),
]
