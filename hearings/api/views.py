"""Chunked, resumable upload of hearing recordings for the courtroom recording systems.

1. POST /api/v1/hearings/{id}/recordings/uploads/ {file_name, size, sha256}
2. PUT  /api/v1/recordings/uploads/{upload}/?offset=N with up to 2 MB of raw bytes,
   repeated; after a broken connection GET the upload for `received` and resume there.
3. POST /api/v1/recordings/uploads/{upload}/finish/ — the file is checked whole and
   becomes a recording of the hearing; a mismatch discards everything.
4. GET /api/v1/recordings/{id}/transcript/ — the automatic transcript once it is made."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import BaseParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import access as case_access
from hearings import access, recordings
from hearings.models import Recording, RecordingUpload, Transcript


class RawParser(BaseParser):
    media_type = "application/octet-stream"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read()


class UploadOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    size = serializers.IntegerField()
    received = serializers.IntegerField()


def _upload_for(user, upload_id) -> RecordingUpload:
    upload = (
        RecordingUpload.objects.select_related("hearing")
        .filter(public_id=upload_id, uploaded_by=user)
        .first()
    )
    if upload is None:
        raise Http404
    access.hearing_get_for(user, upload.hearing_id, need=case_access.Need.MANAGE)
    return upload


def _refused(error) -> Response:
    return Response(
        {"detail": str(error.detail), "code": "recording_refused"},
        status=status.HTTP_400_BAD_REQUEST,
    )


class RecordingUploadStartApi(APIView):
    class InputSerializer(serializers.Serializer):
        file_name = serializers.CharField(max_length=255)
        size = serializers.IntegerField(min_value=1)
        sha256 = serializers.CharField(min_length=64, max_length=64)
        # The language spoken at the hearing: it chooses the model of the transcript.
        language = serializers.ChoiceField(choices=settings.LANGUAGES, default="ru")

    @extend_schema(request=InputSerializer, responses={201: UploadOutput})
    def post(self, request, hearing_id: int):
        hearing = access.hearing_get_for(request.user, hearing_id, need=case_access.Need.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            upload = recordings.upload_start(
                hearing=hearing, user=request.user, **data.validated_data
            )
        except recordings.RecordingError as error:
            return _refused(error)
        return Response(UploadOutput(upload).data, status=status.HTTP_201_CREATED)


class RecordingUploadApi(APIView):
    parser_classes = [RawParser]

    @extend_schema(responses={200: UploadOutput})
    def get(self, request, upload_id):
        return Response(UploadOutput(_upload_for(request.user, upload_id)).data)

    @extend_schema(
        request={"application/octet-stream": bytes},
        responses={200: UploadOutput},
        parameters=[OpenApiParameter("offset", int, required=True)],
    )
    def put(self, request, upload_id):
        upload = _upload_for(request.user, upload_id)
        try:
            offset = int(request.query_params.get("offset", "-1"))
            upload = recordings.upload_chunk(upload=upload, offset=offset, data=request.data)
        except ValueError:
            return Response(
                {"detail": "offset must be a number", "code": "bad_offset"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        except recordings.RecordingError as error:
            return _refused(error)
        return Response(UploadOutput(upload).data)


class RecordingUploadFinishApi(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        sha256 = serializers.CharField()
        size = serializers.IntegerField()
        content_type = serializers.CharField()
        duration_seconds = serializers.IntegerField(allow_null=True)
        language = serializers.CharField()

    @extend_schema(request=None, responses={201: OutputSerializer})
    def post(self, request, upload_id):
        upload = _upload_for(request.user, upload_id)
        try:
            recording = recordings.upload_finish(upload=upload)
        except recordings.RecordingError as error:
            return _refused(error)
        return Response(self.OutputSerializer(recording).data, status=status.HTTP_201_CREATED)


class TranscriptApi(APIView):
    """The automatic transcript of a recording, for those who may read it (the rule is
    hearings.access.transcript_readable); anyone else gets 404, as for no recording."""

    class SegmentSerializer(serializers.Serializer):
        start = serializers.FloatField()
        end = serializers.FloatField()
        text = serializers.CharField()

    class OutputSerializer(serializers.Serializer):
        recording = serializers.IntegerField(source="recording_id")
        status = serializers.CharField()
        language = serializers.CharField()
        engine = serializers.CharField()
        reason = serializers.CharField(help_text="off, no_model, undecodable, failed, ...")
        reason_text = serializers.CharField()
        segments = serializers.ListField(child=serializers.DictField())
        finished_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, recording_id: int):
        recording = (
            Recording.objects.select_related("hearing__case").filter(pk=recording_id).first()
        )
        if recording is None:
            raise Http404
        access.hearing_get_for(request.user, recording.hearing_id)
        staff = case_access.Need.MANAGE in case_access.needs_of(
            request.user, recording.hearing.case
        )
        copy_allowed = recordings.copy_allowed(recording)
        accepted = recordings.warning_accepted(recording, request.user)
        transcript = Transcript.objects.filter(recording=recording).first()
        if transcript is None:
            raise Http404
        if not access.transcript_readable(
            staff=staff, copy_allowed=copy_allowed, warning_accepted=accepted
        ):
            if copy_allowed:
                raise PermissionDenied(
                    _("Accept the personal-data warning on the recording's page first.")
                )
            raise Http404
        return Response(self.OutputSerializer(transcript).data)
