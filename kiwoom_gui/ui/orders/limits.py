"""Limits the window puts on a field for as long as the form holds the values they were given for (e.g. a
sell's 주문수량 at most the 매매가능수량 of the position it sells: same stock, same loan date)."""

from __future__ import annotations

from collections.abc import Mapping


class Limits:
    def __init__(self) -> None:
        # key -> (most allowed, the values it holds for, the message)
        self._limits: dict[str, tuple[int, dict[str, str], str]] = {}

    def __bool__(self) -> bool:
        return bool(self._limits)

    def set(self, key: str, most: int, applies_while: Mapping[str, str], message: str) -> None:
        self._limits[key] = (most, dict(applies_while), message)

    def clear(self, key: str) -> None:
        self._limits.pop(key, None)

    def most(self, key: str, values: Mapping[str, str]) -> int | None:
        """The most ``key`` may hold while the form holds ``values`` (None: no limit applies)."""
        most, applies_while, _ = self._limits.get(key, (None, {}, ""))
        return most if most is not None and all(values.get(k) == v for k, v in applies_while.items()) else None

    def errors(self, values: Mapping[str, str]) -> dict[str, str]:
        """The field errors of ``values`` (validated, normalised): a plain number over a limit that applies."""
        errors = {}
        for key, (most, applies_while, message) in self._limits.items():
            value = values.get(key, "")
            if all(values.get(k) == v for k, v in applies_while.items()) and value.isascii() and value.isdigit():
                if int(value) > most:
                    errors[key] = message
        return errors
