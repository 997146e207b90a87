from django.urls import path

from hearings import mediation_views, views

app_name = "hearings"
urlpatterns = [
    path("case/<int:case_id>/schedule/", views.schedule, name="schedule"),
    path("<int:hearing_id>/postpone/", views.postpone, name="postpone"),
    path("<int:hearing_id>/event.ics", views.ics_event, name="ics_event"),
    path("calendar/", views.my_calendar, name="calendar"),
    path("appointments/", views.appointment_list, name="appointments"),
    path("mediation/case/<int:case_id>/propose", mediation_views.propose, name="mediation_propose"),
    path("mediation/<int:mediation_id>/answer", mediation_views.answer, name="mediation_answer"),
    path(
        "mediation/<int:mediation_id>/complete", mediation_views.complete, name="mediation_complete"
    ),
    path("mediation/<int:mediation_id>/approve", mediation_views.approve, name="mediation_approve"),
    path("mediation/mine/", mediation_views.mediator_list, name="mediator"),
    path(
        "mediation/<int:mediation_id>/session",
        mediation_views.session_add,
        name="mediation_session",
    ),
    path(
        "mediation/<int:mediation_id>/settlement",
        mediation_views.settlement,
        name="mediation_settlement",
    ),
    path(
        "appointments/<int:appointment_id>/cancel",
        views.appointment_cancel,
        name="appointment_cancel",
    ),
    path("<int:hearing_id>/", views.hearing_detail, name="detail"),
    path("<int:hearing_id>/event", views.hearing_event, name="event"),
    path("<int:hearing_id>/video", views.hearing_video, name="video"),
    path("<int:hearing_id>/video/local", views.hearing_video_local, name="video_local"),
    path("<int:hearing_id>/consent", views.hearing_consent, name="consent"),
    path("<int:hearing_id>/public", views.hearing_public, name="public"),
    path("recordings/<int:recording_id>/", views.recording_detail, name="recording"),
    path("recordings/<int:recording_id>/file", views.recording_file, name="recording_file"),
    path(
        "calendar/away/<int:item_id>/remove",
        views.unavailability_remove,
        name="unavailability_remove",
    ),
    path("calendar/reset", views.feed_reset, name="feed_reset"),
    path("ics/<str:token>.ics", views.ics_feed, name="ics_feed"),
]
