from django.urls import path

from cases import power_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("powers/", power_views.power_list, name="powers"),
    path("powers/<int:power_id>/activate", power_views.power_activate, name="power_activate"),
    path("powers/<int:power_id>/revoke", power_views.power_revoke, name="power_revoke"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/documents/<int:position>/", views.case_document, name="document"),
]
