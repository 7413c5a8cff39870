"""SBML-qual (placeholder: being written)."""
from ..errors import FormatError


def parse(text, source="<string>"):
    raise FormatError("SBML-qual support is not written yet")


def generate(network):
    raise FormatError("SBML-qual support is not written yet")
