"""The spec's request headers as the log and the journal show them: the token masked.

Its own small module so the window can show a request before the HTTP stack is even imported.
"""

from __future__ import annotations

from ..orders.specs import order_spec
from .redaction import MASK


def masked_request_headers(api_id: str) -> dict[str, str]:
    """The spec's request headers for ``api_id`` as the log and journal show them (token masked)."""
    spec = order_spec(api_id)
    return {
        "Content-Type": spec.content_type,
        "authorization": f"Bearer {MASK}",
        "api-id": api_id,
        "cont-yn": "N",
        "next-key": "",
    }
