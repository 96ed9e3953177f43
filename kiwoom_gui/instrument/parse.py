"""Answers of ka10001 and ka10100 → :class:`Instrument`. Never raises on what the host sends.

Skeleton: signatures are the contract; bodies are being written.
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import Instrument


def instrument_from_answers(code: str, basic: Mapping | None, info: Mapping | None) -> Instrument:
    """Combine a ka10001 answer body (``basic``) and a ka10100 one (``info``); either may be None (failed)."""
    raise NotImplementedError


def unknown_code(return_msg: str) -> bool:
    """The host's message says the code does not exist (1901, 1902, 1903)."""
    raise NotImplementedError
