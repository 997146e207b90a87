from django.urls import path

from hearings import views

app_name = "hearings"
urlpatterns = [
    path("case/<int:case_id>/schedule/", views.schedule, name="schedule"),
    path("<int:hearing_id>/postpone/", views.postpone, name="postpone"),
]
