"""API: similar."""

urlpatterns: list = []
