"""The package is found as ``ANNarchy.extensions.convolution``."""

from __future__ import annotations

import ANNarchy as ann
import annarchy_convolution
import pytest
from ANNarchy.errors import ANNarchyException


def test_extension_import_gives_the_package_classes():
    from ANNarchy.extensions.convolution import Convolution, Copy, Pooling, Transpose

    assert Convolution is annarchy_convolution.Convolution
    assert Pooling is annarchy_convolution.Pooling
    assert Copy is annarchy_convolution.Copy
    assert Transpose is annarchy_convolution.Transpose
    assert ann.extensions.convolution is annarchy_convolution


def test_not_available_methods_raise_a_clear_error():
    from ANNarchy.extensions.convolution import Convolution

    net = ann.Network()
    pre = net.create(geometry=(4, 4), neuron=ann.Neuron(parameters="r = 0.0"))
    post = net.create(geometry=(4, 4), neuron=ann.Neuron(equations="r = sum(exc)"))
    proj = net.connect(Convolution(pre, post, "exc", name="edges"))
    for method in ("connectivity_matrix", "receptive_fields", "save", "load"):
        with pytest.raises(annarchy_convolution.NotAvailableError, match="edges.*not available"):
            getattr(proj, method)("x") if method in ("save", "load") else getattr(proj, method)()
    assert issubclass(annarchy_convolution.NotAvailableError, ANNarchyException)
