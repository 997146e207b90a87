"""API: verify."""

urlpatterns: list = []
