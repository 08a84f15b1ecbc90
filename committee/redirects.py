"""Where a `next` or `back` parameter may send the browser: back into this site only."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_redirect(target: str | None, default: str) -> str:
    """`target` when it is a same-site relative path, otherwise `default`.

    Only a path starting with a single "/" is followed: "//evil.example" is another host,
    and browsers read "\\" as "/" and drop tabs and newlines inside URLs, so "/\\evil"
    and "/\\t/evil" would leave the site too; those, and any scheme, give `default`.
    """
    if (isinstance(target, str) and target.startswith("/") and not target.startswith("//")
            and "\\" not in target and target.isprintable()):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return default
