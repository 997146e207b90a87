"""Rates of the AI endpoints. Each answer embeds text on the CPU (tens of milliseconds to a
second), so the rates are tighter than the public API's and kept here rather than in
settings: they follow the cost of the model, not the deployment."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AIAnonThrottle(AnonRateThrottle):
    scope = "analytics_ai_anon"
    rate = "20/min"

    def get_rate(self) -> str:
        return self.rate


class AIUserThrottle(UserRateThrottle):
    scope = "analytics_ai_user"
    rate = "60/min"

    def get_rate(self) -> str:
        return self.rate


AI_THROTTLES = [AIAnonThrottle, AIUserThrottle]
