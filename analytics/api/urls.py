"""API of case-law analytics, one module per part."""

from analytics.api import forecast, similar, situation

urlpatterns = [*similar.urlpatterns, *forecast.urlpatterns, *situation.urlpatterns]
