"""Pages of analytics under /analytics/, one module per part (the questionnaire keeps its own
address under /questionnaire/)."""

from django.urls import include, path

app_name = "analytics_web"

urlpatterns = [
    path("", include("analytics.situation_urls")),
    path("", include("analytics.planner_urls")),
    path("", include("analytics.case_law_urls")),
    path("", include("analytics.forecast_urls")),
]
