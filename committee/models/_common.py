"""Shared column helpers for the models."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Timezone-aware now, for created/updated columns."""
    return datetime.now(timezone.utc)
