from django.core.management import call_command


def test_openapi_schema_builds_without_warnings(tmp_path):
    # --fail-on-warn turns drf-spectacular's warnings (operationId collisions, unknown
    # serializers, guessed path parameters) into a failure.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yaml"))
    schema = (tmp_path / "s.yaml").read_text()
    for path in ("/api/v1/acts/", "/api/v1/acts/verify/", "/api/v1/analytics/similar/"):
        assert f"{path}:" in schema
