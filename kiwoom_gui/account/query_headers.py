"""A query's request headers as the log shows them (token masked): the spec's headers, with
``cont-yn: Y`` and the host's ``next-key`` while paging."""

from __future__ import annotations

from ..host.redaction import MASK
from ..orders.specs import query_spec


def masked_query_headers(api_id: str, next_key: str = "") -> dict[str, str]:
    return {
        "Content-Type": query_spec(api_id).content_type,
        "authorization": f"Bearer {MASK}",
        "api-id": api_id,
        "cont-yn": "Y" if next_key else "N",
        "next-key": next_key,
    }
