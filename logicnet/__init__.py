"""logicnet: Boolean (logical) network modelling for systems biology.

>>> import logicnet as ln
>>> net = ln.read_network("gutliver")
>>> len(net), net.inputs
(12, ('HFD', 'Exercise'))
"""

from .errors import (FormatError, LogicnetError, ModelError, ParseError, PerturbationError,
                     SizeLimitError, UnknownNodeError)
from .network import BooleanNetwork, NodeInfo, Organ
from .io import read_network, write_network, parse_network, generate_network, list_bundled
from .graph import interaction_graph, organ_graph, feedback_circuits
from .perturb import Perturbation, perturb, percolate, knockout, overexpression
from .compile import compile_network

__version__ = "0.1.0"

__all__ = [
    "BooleanNetwork", "NodeInfo", "Organ", "read_network", "write_network", "parse_network",
    "generate_network", "list_bundled", "interaction_graph", "organ_graph", "feedback_circuits",
    "Perturbation", "perturb", "percolate", "knockout", "overexpression", "compile_network",
    "LogicnetError", "ModelError", "ParseError", "UnknownNodeError", "FormatError",
    "PerturbationError", "SizeLimitError", "__version__",
]
