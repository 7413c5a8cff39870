"""Writing SBML-qual (see :mod:`logicnet.io.sbml` for what is written and why)."""

from __future__ import annotations

import re
from typing import Any

import libsbml

from .. import expr as ex
from .._engines.bdd import FunctionBdds, regulator_signs
from ..errors import ModelError
from ..network import BooleanNetwork
from .sbml import (
    _AND,
    _ANNOTATION_TAG,
    _IMPLICIT_COMPARTMENT,
    _MAX_DEPTH,
    _NOT,
    _OR,
    ANNOTATION_NS,
    READING_KEYS,
    _with_stack,
)

__all__ = ["write"]

# Documents nested deeper than this are written without indentation.
_INDENTED_DEPTH = 64

_TEXT_TO_SIGN = {
    "+": libsbml.INPUT_SIGN_POSITIVE,
    "-": libsbml.INPUT_SIGN_NEGATIVE,
    "±": libsbml.INPUT_SIGN_DUAL,
    "0": libsbml.INPUT_SIGN_UNKNOWN,
}


def write(network: BooleanNetwork) -> str:
    """The SBML L3V1 + qual v1 text of ``network`` (deterministic).

    Raises :class:`ModelError` when an organ name is not a valid SBML id or clashes with a
    node name (compartments and species share one id space).
    """
    for organ in network.organs:
        if not ex.NAME_RE.match(organ):
            raise ModelError(f"organ {organ!r} is not a valid SBML id (letters, digits and _)")
        if organ in network:
            raise ModelError(f"organ {organ!r} has the name of a node; SBML ids must be unique")
    # A network iterates over its nodes, so this suits FunctionBdds(names) and FunctionBdds(network).
    bdds = FunctionBdds(network)
    signs = {n: regulator_signs(network, n, bdds) for n in network.nodes if network.rule(n) is not None}
    # sbml, model, list, transition, list, term, math and the literals' apply around the rules
    depth = max((_flat_depth(e) for e in network.rules.values() if e is not None), default=0) + 8
    if depth > _MAX_DEPTH:
        raise ModelError(f"a rule is nested {depth} levels deep after flattening: too deep for libsbml")
    return _with_stack(depth, _write, network, signs, depth <= _INDENTED_DEPTH)


def _write(network: BooleanNetwork, signs: dict[str, dict[str, str]], indent: bool) -> str:
    ns = libsbml.SBMLNamespaces(3, 1, "qual", 1)
    doc = libsbml.SBMLDocument(ns)
    _check(doc.setPackageRequired("qual", True), "qual:required")
    model = doc.createModel()
    used = set(network.nodes) | set(network.organs)
    # The id only has to be a valid, unused SId; the network's name goes in the name.
    model_id = re.sub(r"[^A-Za-z0-9_]", "_", network.name)
    model_id = _unique(model_id if ex.NAME_RE.match(model_id) else "model", used)
    _check(model.setId(model_id), "model id")
    if network.name:
        _check(model.setName(network.name), "model name")
    carried = _carried(network)
    if carried:
        _check(model.appendAnnotation(_annotation(carried)), "the logicnet annotation")

    for organ in network.organs.values():
        c = model.createCompartment()
        _check(c.setId(organ.name), f"compartment {organ.name}")
        _check(c.setConstant(True), "compartment constant")
        if organ.description:
            _check(c.setName(organ.description), f"compartment {organ.name} name")
    homeless = [n for n in network.nodes if network.info(n).organ is None]
    default_id = _unique("default", used) if homeless else None
    if default_id:
        c = model.createCompartment()
        _check(c.setId(default_id), "default compartment")
        _check(c.setConstant(True), "compartment constant")
        _check(c.setSBOTerm(_IMPLICIT_COMPARTMENT), "default compartment SBO term")

    qual = model.getPlugin("qual")
    for node in network.nodes:
        info = network.info(node)
        s = qual.createQualitativeSpecies()
        _check(s.setId(node), f"species {node}")
        _check(s.setCompartment(info.organ or default_id), f"species {node} compartment")
        _check(s.setConstant(False), "species constant")
        _check(s.setMaxLevel(1), "species maxLevel")
        # The name stays the id (aeon and GINsim name variables after it); the
        # description goes into the species' notes.
        _check(s.setName(node), f"species {node} name")
        if info.description:
            _check(s.setNotes(_notes_xhtml(info.description)), f"species {node} notes")

    for node in network.nodes:
        e = network.rule(node)
        if e is None:
            continue  # an input: no transition (GINsim/bioLQM)
        t = qual.createTransition()
        _check(t.setId(_unique(f"tr_{node}", used)), f"transition of {node}")
        value = ex.constant_value(e)
        if value is None:
            for regulator, sign in signs[node].items():
                inp = t.createInput()
                _check(inp.setQualitativeSpecies(regulator), f"input {regulator} of {node}")
                _check(inp.setTransitionEffect(libsbml.INPUT_TRANSITION_EFFECT_NONE), "input effect")
                _check(inp.setSign(_TEXT_TO_SIGN[sign]), "input sign")
        out = t.createOutput()
        _check(out.setQualitativeSpecies(node), f"output of {node}")
        _check(out.setTransitionEffect(libsbml.OUTPUT_TRANSITION_EFFECT_ASSIGNMENT_LEVEL), "output effect")
        _check(t.createDefaultTerm().setResultLevel(0 if value is None else value), "default term")
        if value is None:
            term = t.createFunctionTerm()
            _check(term.setResultLevel(1), "function term")
            _set_math(term, e)
    # Indentation grows with the depth of a rule, so deep rules would make the text grow with
    # the square of their depth (10,000 nested NOTs: 300 MB): those documents are written flat.
    buffer = libsbml.ostringstream()
    stream = libsbml.XMLOutputStream(buffer, "UTF-8", True)
    stream.setAutoIndent(indent)
    doc.write(stream)
    text = buffer.str()
    if not text:
        raise ModelError("libsbml could not write the document")
    return text if text.endswith("\n") else text + "\n"


def _carried(network: BooleanNetwork) -> dict[str, Any]:
    """What SBML-qual has no element for, as JSON data (empty keys left out)."""
    data: dict[str, Any] = {
        "description": network.description,
        "mediators": {o.name: list(o.mediators) for o in network.organs.values() if o.mediators},
        "references": {n: list(network.info(n).references) for n in network.nodes if network.info(n).references},
        "metadata": {k: v for k, v in network.metadata.items() if k not in READING_KEYS},
    }
    return {k: v for k, v in data.items() if v}


def _annotation(data: dict[str, Any]) -> libsbml.XMLNode:
    """``<logicnet xmlns=ANNOTATION_NS>JSON</logicnet>`` wrapped in ``<annotation>``."""
    import json

    # the network's own order (it is deterministic), so tables read back in the order written
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError) as err:  # e.g. a TOML date in a metadata table
        raise ModelError(f"the model's data cannot be written as an SBML annotation: {err}") from None
    ns = libsbml.XMLNamespaces()
    ns.add(ANNOTATION_NS, "")
    element = libsbml.XMLNode(libsbml.XMLTriple(_ANNOTATION_TAG, ANNOTATION_NS, ""), libsbml.XMLAttributes(), ns)
    element.addChild(libsbml.XMLNode(text))
    wrapper = libsbml.XMLNode(libsbml.XMLTriple("annotation", "", ""), libsbml.XMLAttributes())
    wrapper.addChild(element)
    return wrapper


def _check(code: int, what: str) -> None:
    if code != libsbml.LIBSBML_OPERATION_SUCCESS:
        raise ModelError(f"libsbml refused {what}: {libsbml.OperationReturnValue_toString(code)}")


def _unique(base: str, used: set[str]) -> str:
    """``base`` or ``base_2``, ``base_3``, ... whichever is free; marks it used."""
    name, k = base, 1
    while name in used:
        k += 1
        name = f"{base}_{k}"
    used.add(name)
    return name


def _operands(node: ex.Expression) -> list[ex.Expression]:
    """Arguments of the AND/OR ``node`` with nested same-operator chains merged, in order.

    Associativity makes this semantics-preserving; it turns BBM's binary chains (depth
    10,000) into n-ary applies a few levels deep. Iterative.
    """
    kind, args = ex.decompose(node)
    out: list[ex.Expression] = []
    stack = list(reversed(args))
    while stack:
        a = stack.pop()
        a_kind, a_args = ex.decompose(a)
        if a_kind == kind:
            stack.extend(reversed(a_args))
        else:
            out.append(a)
    return out


def _flat_depth(e: ex.Expression) -> int:
    """Depth of the MathML tree of ``e`` once same-operator chains are merged."""
    best, stack = 0, [(e, 1)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        kind, args = ex.decompose(node)
        if kind in ("and", "or", "not"):
            stack.extend((a, d if kind != "not" and ex.decompose(a)[0] == kind else d + 1) for a in args)
    return best


def _set_math(term: Any, e: ex.Expression) -> None:
    """Give ``term`` the MathML tree of ``e``: literals as ``x == 1``, n-ary and/or, unary not.

    ``setMath`` deep-copies (slowly, on large trees) and checks well-formedness (a ``not``
    needs its argument), so it gets the root with the ``not`` chain above it and the rest
    is grown inside the term's own copy: ``addChild`` does not copy. Built top-down with
    an explicit stack; siblings are pushed in reverse so they attach in order.
    """
    node, nots = e, 0
    while (kind := ex.decompose(node))[0] == "not":
        node, nots = kind[1][0], nots + 1
    top, children = _new_ast(node)
    for _ in range(nots):
        wrapper = libsbml.ASTNode(_NOT)
        wrapper.addChild(top)
        top = wrapper
    _check(term.setMath(top), "math")
    owned = term.getMath()
    for _ in range(nots):
        owned = owned.getChild(0)
    stack = [(a, owned) for a in reversed(children)]
    while stack:
        node, parent = stack.pop()
        ast, children = _new_ast(node)
        parent.addChild(ast)  # the parent takes ownership
        stack.extend((a, ast) for a in reversed(children))


def _new_ast(node: ex.Expression) -> tuple[libsbml.ASTNode, list[ex.Expression]]:
    """The libsbml node for ``node`` (a literal complete) and the operands still to attach."""
    kind, payload = ex.decompose(node)
    if kind == "const":
        return libsbml.ASTNode(libsbml.AST_CONSTANT_TRUE if payload else libsbml.AST_CONSTANT_FALSE), []
    if kind == "var":
        ast = libsbml.ASTNode(libsbml.AST_RELATIONAL_EQ)
        ci = libsbml.ASTNode(libsbml.AST_NAME)
        ci.setName(payload)
        cn = libsbml.ASTNode(libsbml.AST_INTEGER)
        cn.setValue(1)
        ast.addChild(ci)
        ast.addChild(cn)
        return ast, []
    if kind == "not":
        return libsbml.ASTNode(_NOT), [payload[0]]
    return libsbml.ASTNode(_AND if kind == "and" else _OR), _operands(node)


def _notes_xhtml(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<notes><body xmlns="http://www.w3.org/1999/xhtml"><p>{escape(text)}</p></body></notes>'
