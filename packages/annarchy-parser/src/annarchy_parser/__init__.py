"""ANNarchy's equation language: parser, model IR, numerical methods and C/CUDA printers.

>>> from annarchy_parser import parse_neuron
>>> ir = parse_neuron("Leaky", parameters={"tau": 10.0}, equations="tau * dr/dt + r = sum(exc)")
>>> ir.targets
('exc',)
"""

from __future__ import annotations

from .attributes import Creating, Parameter, Pruning, Variable
from .errors import ANNarchyException, InvalidConfiguration, ParserError
from .ir import (
    Assign,
    Attribute,
    Bound,
    FunctionDef,
    GlobalOp,
    NeuronIR,
    RandomDraw,
    Statement,
    StructuralRule,
    SynapseIR,
    Updates,
)
from .methods import BUILTIN_METHODS, ODE, Method
from .neuron import parse_neuron
from .synapse import parse_synapse
from .transforms import expand_sum_all
from .userfunctions import parse_function, parse_functions

__all__ = [
    "ANNarchyException",
    "Assign",
    "Attribute",
    "BUILTIN_METHODS",
    "Bound",
    "Creating",
    "FunctionDef",
    "GlobalOp",
    "InvalidConfiguration",
    "Method",
    "NeuronIR",
    "ODE",
    "Parameter",
    "ParserError",
    "Pruning",
    "RandomDraw",
    "Statement",
    "StructuralRule",
    "SynapseIR",
    "Updates",
    "Variable",
    "expand_sum_all",
    "parse_function",
    "parse_functions",
    "parse_neuron",
    "parse_synapse",
]
