"""Update semantics: names and what they mean.

=========================  =======  ===========================================================
name                       alias    one step from state x
=========================  =======  ===========================================================
``synchronous``            sync     every node updates at once: x -> F(x)
``asynchronous``           async    one node i with f_i(x) != x_i updates (fully asynchronous)
``general-asynchronous``   general  any non-empty set of such nodes updates at once
``most-permissive``        mp       most permissive (Paulevé et al. 2020); its attractors are
                                    the minimal trap spaces
=========================  =======  ===========================================================
"""

from __future__ import annotations

from .errors import SemanticsError

__all__ = [
    "SYNCHRONOUS",
    "ASYNCHRONOUS",
    "GENERAL",
    "MOST_PERMISSIVE",
    "SEMANTICS",
    "SHORT_NAMES",
    "ACCEPTED_NAMES",
    "canonical_semantics",
    "attractor_types",
]

SYNCHRONOUS = "synchronous"
ASYNCHRONOUS = "asynchronous"
GENERAL = "general-asynchronous"
MOST_PERMISSIVE = "most-permissive"
SEMANTICS = (ASYNCHRONOUS, SYNCHRONOUS, GENERAL, MOST_PERMISSIVE)
SHORT_NAMES = {"async": ASYNCHRONOUS, "sync": SYNCHRONOUS, "general": GENERAL, "mp": MOST_PERMISSIVE}
# the CoLoMoTo notebook's names too: "fully asynchronous" is one node at a time, "parallel" all at once
_ALIASES = {
    **SHORT_NAMES,
    "general-async": GENERAL,
    "generalized-asynchronous": GENERAL,
    "fully-asynchronous": ASYNCHRONOUS,
    "parallel": SYNCHRONOUS,
}
#: Every name a semantics may be given by (long names and aliases, any case).
ACCEPTED_NAMES = (*SEMANTICS, *_ALIASES)


def canonical_semantics(name: str) -> str:
    """The long name of a semantics given by its long name or alias (case-insensitive).

    >>> canonical_semantics("MP")
    'most-permissive'
    """
    if not isinstance(name, str):
        raise SemanticsError(f"a semantics is named by text, got {type(name).__name__}")
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in SEMANTICS:
        raise SemanticsError(f"unknown semantics {name!r} (choose from async, sync, general, mp)")
    return key


def attractor_types(semantics: str) -> tuple[str, str]:
    """The two attractor types of a semantics: fixed points and the other kind."""
    other = {SYNCHRONOUS: "cyclic", ASYNCHRONOUS: "complex", GENERAL: "complex", MOST_PERMISSIVE: "trapspace"}
    return ("fixed", other[canonical_semantics(semantics)])
