"""The result protocol, and the results of the state-space analyses.

Every analysis that finds things returns a :class:`Result`: a frozen, hashable value that
iterates over what was found (``items``) and says whether that is everything
(``complete``), how it was found (``method``) and why it may not be everything (``notes``).
``to_json()`` gives what the command line prints with ``--format json``, ``to_frame()`` a
tidy pandas DataFrame, and notebooks show ``_repr_html_()``. (Trajectories from
``simulate`` are a DataFrame and state transition graphs a networkx graph: their natural
shapes.) The results of the state-space analyses are defined here; a result that belongs
to one question lives beside it (``Basins``, ``Circuits``, ``ReversalResult``, ``ScreenResult``).

>>> import logicnet as ln
>>> found = ln.attractors(ln.BooleanNetwork({"A": "!B", "B": "!A"}), "async")
>>> found  # doctest: +ELLIPSIS
<Attractors: 2 attractors (asynchronous), complete, fixed points: no negative circuit (Richard 2010); ...>
>>> [dict(a.values) for a in found], found.complete
([{'A': 0, 'B': 1}, {'A': 1, 'B': 0}], True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from .types import State, Subspace, Value, frozendict

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Result", "Rows", "Attractor", "Attractors", "AttractorSeed", "AttractorSeeds", "FixedPoints", "TrapSpaces"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Result(Generic[T]):
    """What every analysis returns (see the module docstring).

    Subclasses are frozen dataclasses that add their own fields and implement
    :meth:`to_json` and :meth:`to_frame`; ``noun`` names one item in summaries.
    """

    noun: ClassVar[str] = "item"
    items: tuple[T, ...]
    complete: bool = True
    method: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def stopped(cls, note: str, **fields: Any) -> Self:
        """An empty, incomplete result saying why: what a search stopped before it could
        report anything returns (``fields``: the subclass's own)."""
        return cls(items=(), complete=False, method="stopped", notes=(note,), **fields)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> T:
        return self.items[index]

    def to_json(self) -> Any:
        """JSON-ready data (dicts, lists, numbers, text): what ``--format json`` prints."""
        raise NotImplementedError

    def to_frame(self) -> pd.DataFrame:
        """One row per item."""
        raise NotImplementedError

    def summary(self) -> str:
        """One line: how many items, whether that is all, and the method."""
        return ", ".join(p for p in (self._counted(), "complete" if self.complete else "INCOMPLETE", self.method) if p)

    def _counted(self) -> str:
        return f"{len(self)} {self.noun}{'' if len(self) == 1 else 's'}"

    def _header(self) -> dict[str, Any]:
        """The protocol's fields as JSON, for subclasses' :meth:`to_json`."""
        return {"complete": self.complete, "method": self.method, "notes": list(self.notes)}

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.summary()}>"

    def _repr_html_(self) -> str:
        import html  # notebooks only

        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        frame = self.to_frame().to_html(max_rows=30, max_cols=40, index=False)
        header = f"<p><b>{type(self).__name__}</b>: {html.escape(self.summary())}</p>"
        return header + (f"<ul>{notes}</ul>" if notes else "") + frame


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Rows(Result[Mapping[str, Any]]):
    """A result whose items are table rows: immutable mappings, shown in ``columns`` order
    (missing fields as ``""``, tuples as lists). Its JSON is the list of rows (the shape
    of a screen's output); subclasses with more to say return an object.

    A subclass with a ``__post_init__`` of its own calls ``Rows.__post_init__(self)`` by
    name (slotted dataclasses have no zero-argument ``super()``).
    """

    noun = "row"
    columns: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(frozendict(r) for r in self.items))

    def records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts, in column order."""
        return [{c: _plain(r.get(c, "")) for c in self.columns} for r in self]

    def to_json(self) -> Any:
        return self.records()

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.records(), columns=list(self.columns))


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True, slots=True)
class Attractor:
    """One attractor (or, for most-permissive semantics, one minimal trap space).

    ``type``: ``fixed``, ``cyclic`` (synchronous), ``complex`` (asynchronous) or
    ``trapspace`` (most permissive). ``size``: its number of states. ``values``: every node
    of the model -> 0, 1 or ``"*"`` (not constant within the attractor). ``states``: the
    states in order for a synchronous cycle; for a complex attractor, its states when it is
    small enough to list (else ``None``). Immutable and hashable.
    """

    type: str
    size: int
    values: Mapping[str, Value]
    states: tuple[Mapping[str, int], ...] | None = None

    def __post_init__(self) -> None:
        given = self.values
        object.__setattr__(self, "values", frozendict(given))
        if self.states is not None:
            if len(self.states) == 1 and self.states[0] is given:  # a fixed point: one mapping
                object.__setattr__(self, "states", (self.values,))
            else:
                object.__setattr__(self, "states", tuple(frozendict(s) for s in self.states))

    @classmethod
    def from_states(cls, states: Sequence[State], nodes: Sequence[str], other: str, listed: bool = True) -> Attractor:
        """The attractor made of ``states`` (a cycle in order, or a set): ``fixed`` when it
        is one state, else of type ``other``; ``values`` summarise the states node by node.
        """
        values: dict[str, Value] = {}
        for n in nodes:
            seen = {s[n] for s in states}
            values[n] = seen.pop() if len(seen) == 1 else "*"
        return cls("fixed" if len(states) == 1 else other, len(states), values, tuple(states) if listed else None)

    @classmethod
    def from_space(cls, space: Subspace) -> Attractor:
        """A minimal trap space as a most-permissive attractor (a fixed point when no node is free)."""
        free = sum(v == "*" for v in space.values())
        state = {n: int(v) for n, v in space.items()} if free == 0 else None
        return cls("fixed" if free == 0 else "trapspace", 2**free, space, None if state is None else (state,))

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.type, "size": self.size, "values": dict(self.values)}
        if self.type == "cyclic" and self.states is not None:
            d["states"] = [dict(s) for s in self.states]
        return d

    @property
    def is_fixed_point(self) -> bool:
        return self.type == "fixed"

    def lifted(self, lift: Callable[[Mapping[str, Any]], dict[str, Any]]) -> Attractor:
        """The same attractor with ``lift`` (e.g. ``Percolation.lift``) applied to its values
        and states: from a reduced network back to the original one."""
        values = lift(self.values)
        if self.states is not None and len(self.states) == 1 and self.states[0] is self.values:
            return Attractor(self.type, self.size, values, (values,))
        states = None if self.states is None else tuple(lift(s) for s in self.states)
        return Attractor(self.type, self.size, values, states)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Attractors(Result[Attractor]):
    """Attractors of a network under one semantics, sorted by their values (0 < 1 < ``*``).

    ``complete`` is True only when the search was exhaustive (every attractor is listed).
    """

    noun = "attractor"
    nodes: tuple[str, ...]
    semantics: str

    def _counted(self) -> str:
        return f"{Result._counted(self)} ({self.semantics})"

    def to_json(self) -> dict[str, Any]:
        return {"semantics": self.semantics, **self._header(), "attractors": [a.to_json() for a in self]}

    def records(self) -> list[dict[str, Any]]:
        """The table's rows: ``attractor`` (its number, as in figures), ``type``, ``size``,
        then one value per node (0, 1 or ``*``). Synchronous results add ``step``: a cycle
        whose states are listed takes one row per state in their order (step 0, 1, ...), so
        it never shows as ``*`` (which means "free" in a trap space); a fixed point is step 0.

        >>> import logicnet as ln
        >>> found = ln.attractors(ln.BooleanNetwork({"A": "!B", "B": "A"}), "sync")
        >>> [(r["step"], r["A"], r["B"]) for r in found.records()]
        [(0, 0, 0), (1, 1, 0), (2, 1, 1), (3, 0, 1)]
        """
        steps = self.semantics == "synchronous"
        rows: list[dict[str, Any]] = []
        for number, a in enumerate(self):
            head = {"attractor": number, "type": a.type, "size": a.size}
            if steps and a.states:
                rows += [{**head, "step": t, **state} for t, state in enumerate(a.states)]
            else:  # a synchronous cycle too long to list keeps its summary, step left empty
                rows.append({**head, **({"step": ""} if steps else {}), **a.values})
        return rows

    def to_frame(self) -> pd.DataFrame:
        """The :meth:`records` as a DataFrame (columns ``attractor``, ``type``, ``size``,
        ``step`` for synchronous results, then the nodes)."""
        import pandas as pd

        steps = ["step"] if self.semantics == "synchronous" else []
        return pd.DataFrame(self.records(), columns=["attractor", "type", "size", *steps, *self.nodes])


@dataclass(frozen=True, slots=True)
class AttractorSeed:
    """One asynchronous attractor known by one of its states (what networks of hundreds of
    free nodes allow: their complex attractors can hold 2^90 states that no BDD describes).

    ``type``: ``fixed`` or ``complex``. ``state``: a state of the attractor (for a fixed
    point, the attractor itself). ``trap_space``: the smallest trap space containing the
    attractor (node -> 0, 1 or ``"*"``); every node fixed there is constant in the
    attractor, a ``*`` node may still be constant in it.
    """

    type: str
    state: Mapping[str, int]
    trap_space: Mapping[str, Value]

    def __post_init__(self) -> None:
        object.__setattr__(self, "state", frozendict(self.state))
        object.__setattr__(self, "trap_space", frozendict(self.trap_space))

    def lifted(self, lift: Callable[[Mapping[str, Any]], dict[str, Any]]) -> AttractorSeed:
        """The same seed with ``lift`` applied to its state and trap space."""
        return AttractorSeed(self.type, lift(self.state), lift(self.trap_space))

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "state": dict(self.state), "trap_space": dict(self.trap_space)}


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class AttractorSeeds(Result[AttractorSeed]):
    """Asynchronous attractors, one :class:`AttractorSeed` each, sorted by trap space and
    state. ``complete``: every attractor has its seed."""

    noun = "attractor"
    nodes: tuple[str, ...]
    semantics: str = "asynchronous"

    def _counted(self) -> str:
        return f"{Result._counted(self)} ({self.semantics}, seeds)"

    def to_json(self) -> dict[str, Any]:
        return {"semantics": self.semantics, **self._header(), "seeds": [a.to_json() for a in self]}

    def records(self) -> list[dict[str, Any]]:
        """Two rows per attractor: ``attractor`` (its number), ``type``, ``row`` (``state``
        or ``trap space``), then one value per node."""
        rows: list[dict[str, Any]] = []
        for number, a in enumerate(self):
            rows.append({"attractor": number, "type": a.type, "row": "state", **a.state})
            rows.append({"attractor": number, "type": a.type, "row": "trap space", **a.trap_space})
        return rows

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.records(), columns=["attractor", "type", "row", *self.nodes])


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class FixedPoints(Rows):
    """Fixed points (steady states), sorted node by node; ``columns`` are the nodes."""

    noun = "fixed point"

    @property
    def nodes(self) -> tuple[str, ...]:
        return self.columns

    def to_json(self) -> dict[str, Any]:
        return {**self._header(), "fixed_points": [dict(s) for s in self]}


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class TrapSpaces(Rows):
    """Minimal or maximal (``kind``) trap spaces, sorted node by node (0 < 1 < ``*``);
    ``columns`` are the nodes."""

    noun = "trap space"
    kind: str

    @property
    def nodes(self) -> tuple[str, ...]:
        return self.columns

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, **self._header(), "trap_spaces": [dict(s) for s in self]}
