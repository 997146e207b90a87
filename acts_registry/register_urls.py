"""The public register of judicial acts (mounted at /register/)."""

from django.urls import path

from acts_registry import register_views

app_name = "register"

urlpatterns = [
    path("", register_views.register_search_page, name="search"),
    path("<int:pk>/", register_views.register_act_page, name="act"),
    path("<int:pk>/pdf", register_views.register_act_pdf, name="act_pdf"),
    path("case-law/", register_views.case_law_search_page, name="case_law"),
    path("case-law/<int:pk>/", register_views.case_law_act_page, name="case_law_act"),
]
