"""Who makes this request: the bearer-token user of an API call, else the session's user.

The lowest layer of authorization, with no dependency on the features: the audit log reads
it to name who acted, committee.authz builds the rules of who may do what on it.
"""
from __future__ import annotations

from flask import g
from flask_login import current_user


def request_user():
    """The authenticated user of this request, or None."""
    user = getattr(g, "api_user", None)
    if user is not None:
        return user
    return current_user if current_user.is_authenticated else None
