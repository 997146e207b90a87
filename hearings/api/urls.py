from django.urls import path

from hearings.api import views

urlpatterns = [
    path(
        "hearings/<int:hearing_id>/recordings/uploads/",
        views.RecordingUploadStartApi.as_view(),
        name="recording-upload-start",
    ),
    path(
        "recordings/uploads/<uuid:upload_id>/",
        views.RecordingUploadApi.as_view(),
        name="recording-upload",
    ),
    path(
        "recordings/uploads/<uuid:upload_id>/finish/",
        views.RecordingUploadFinishApi.as_view(),
        name="recording-upload-finish",
    ),
    path(
        "recordings/<int:recording_id>/transcript/",
        views.TranscriptApi.as_view(),
        name="recording-transcript",
    ),
]
