"""Celery entry points of analytics: thin, they call the services."""

from judicial_account.core.tasks import portal_task


@portal_task(name="analytics.embed_acts")
def embed_acts_task(limit: int | None = None) -> int:
    """Embed the acts that lack a vector of the current model (resumable: what is done is
    skipped, so the beat may start it again at any time)."""
    from analytics.embeddings import acts_embed

    return acts_embed(limit=limit)


@portal_task(name="analytics.flag_nonstandard_recent")
def flag_nonstandard_recent_task(days: int = 7) -> int:
    """Check the acts issued in the last `days` days for non-standard decisions (a flag is
    updated in place, so overlapping runs do no harm)."""
    from analytics.nonstandard import flag_recent_acts

    return flag_recent_acts(days=days)
