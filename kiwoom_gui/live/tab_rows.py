"""A tab's rows as a batch of live events reads and changes them (Qt-free), without touching the rest.

A batch names a handful of rows; the tab may hold 60,000. Building a (row, venue) pair of every row, an index
of every row's key and a new list each batch made a burst of 10,000 events cost a tenth of a second a batch
once the tab had grown (issue 17, item 11). ``TabRows`` reads the tab's packed rows where they are; ``Overlay``
keeps what the batch changed and added beside them, so a batch costs what its events name, plus one pass over
the order numbers (plain tuple reads).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from ..account.rows import AccountRow, Packed, as_pair, packed_ord_no

Pair = tuple[AccountRow, str]


class TabRows(Sequence):
    """(row, venue) pairs over a tab's packed rows, each made when read; the list itself is not copied."""

    __slots__ = ("packed",)

    def __init__(self, packed: Sequence[Packed]) -> None:
        self.packed = packed

    def __len__(self) -> int:
        return len(self.packed)

    @overload
    def __getitem__(self, i: int) -> Pair: ...
    @overload
    def __getitem__(self, i: slice) -> list[Pair]: ...
    def __getitem__(self, i: int | slice) -> Pair | list[Pair]:
        if isinstance(i, slice):
            return [as_pair(p) for p in self.packed[i]]
        return as_pair(self.packed[i])


def ord_no_index(rows: Sequence[Pair]) -> dict[str | None, int]:
    """Order number → the index of the (last) row that has it; rows without a number are left out."""
    if isinstance(rows, TabRows):  # read from the packed tuples: no row object per row
        return {n: i for i, n in enumerate(map(packed_ord_no, rows.packed)) if n}
    return {row.ord_no: i for i, (row, _) in enumerate(rows) if row.ord_no}


class Overlay(Sequence):
    """``base`` with rows replaced (``overlay[i] = pair``) and added (``append``) on top, ``base`` untouched."""

    __slots__ = ("base", "changed", "added")

    def __init__(self, base: Sequence[Pair]) -> None:
        self.base = base
        self.changed: dict[int, Pair] = {}
        self.added: list[Pair] = []

    def __len__(self) -> int:
        return len(self.base) + len(self.added)

    @overload
    def __getitem__(self, i: int) -> Pair: ...
    @overload
    def __getitem__(self, i: slice) -> list[Pair]: ...
    def __getitem__(self, i: int | slice) -> Pair | list[Pair]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self.base)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        if i >= n:
            return self.added[i - n]
        found = self.changed.get(i)
        return self.base[i] if found is None else found

    def __setitem__(self, i: int, pair: Pair) -> None:
        n = len(self.base)
        if not 0 <= i < len(self):
            raise IndexError(i)
        if i >= n:
            self.added[i - n] = pair
        else:
            self.changed[i] = pair

    def __iter__(self) -> Iterator[Pair]:
        for i in range(len(self)):
            yield self[i]

    def append(self, pair: Pair) -> None:
        self.added.append(pair)
