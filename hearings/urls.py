from django.urls import path

from hearings import views

app_name = "hearings"
urlpatterns = [
    path("case/<int:case_id>/schedule/", views.schedule, name="schedule"),
    path("<int:hearing_id>/postpone/", views.postpone, name="postpone"),
    path("<int:hearing_id>/event.ics", views.ics_event, name="ics_event"),
    path("calendar/", views.my_calendar, name="calendar"),
    path(
        "calendar/away/<int:item_id>/remove",
        views.unavailability_remove,
        name="unavailability_remove",
    ),
    path("calendar/reset", views.feed_reset, name="feed_reset"),
    path("ics/<str:token>.ics", views.ics_feed, name="ics_feed"),
]
