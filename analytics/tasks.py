"""Celery entry points of analytics: thin, they call the services."""

from judicial_account.core.tasks import portal_task


@portal_task(name="analytics.embed_acts")
def embed_acts_task(limit: int | None = None) -> int:
    """Embed the acts that lack a vector of the current model (resumable: what is done is
    skipped, so the beat may start it again at any time)."""
    from analytics.embeddings import acts_embed

    return acts_embed(limit=limit)
