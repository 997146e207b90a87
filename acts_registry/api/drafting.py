"""API: drafting."""

urlpatterns: list = []
