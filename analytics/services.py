from django.core.cache import cache
from django.utils.translation import get_language

from analytics.models import QuestionnaireResponse

# An anonymous form is easy to flood; a few answers per address per hour is plenty for a
# person and useless for a script. Counted in Redis, never stored with the answer.
QUESTIONNAIRE_LIMIT_PER_HOUR = 5


class RateLimited(Exception):
    pass


def questionnaire_rate_check(*, client_key: str) -> None:
    key = f"questionnaire:{client_key}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > QUESTIONNAIRE_LIMIT_PER_HOUR:
        raise RateLimited


def questionnaire_submit(
    *, court, service: str, rating: int, comment: str
) -> QuestionnaireResponse:
    response = QuestionnaireResponse(
        court=court,
        service=service,
        rating=rating,
        comment=comment.strip(),
        language=(get_language() or "ru")[:2],
    )
    response.full_clean()
    response.save()
    return response
