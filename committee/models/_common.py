"""Shared column helpers for the models."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now, for created/updated columns."""
    return datetime.now(UTC)
