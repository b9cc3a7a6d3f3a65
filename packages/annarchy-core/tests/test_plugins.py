"""The plugin registries: connectors, backends, API names and extensions."""

from __future__ import annotations

import types

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy import plugins
from ANNarchy.connectors import Connectivity
from ANNarchy.core.network_ir import CSR
from ANNarchy.hookspecs import hookimpl


def diagonal(ctx, weight=1.0, **kwargs):
    n = min(len(ctx.pre_ranks), len(ctx.post_ranks))
    csr = CSR(
        post_ranks=np.asarray(ctx.post_ranks[:n], np.int32),
        row_ptr=np.arange(n + 1, dtype=np.int64),
        pre_ranks=np.asarray(ctx.pre_ranks[:n], np.int32),
    )
    return Connectivity(csr=csr, weights=np.full(n, weight), delays=0.0, connector="diagonal")


class ConnectorPlugin:
    @hookimpl
    def register_connectors(self, register):
        register.add("my_diagonal", diagonal)


@pytest.fixture
def registered():
    made = []

    def register(plugin, name):
        plugins.register_plugin(plugin, name=name)
        made.append(plugin)

    yield register
    for plugin in made:
        plugins.manager().unregister(plugin)
    plugins.refresh()


def test_plugin_connector_becomes_a_method(registered, rate_neuron):
    registered(ConnectorPlugin(), "diag")
    net = ann.Network()
    a, b = net.create(4, rate_neuron), net.create(3, rate_neuron)
    proj = net.connect(a, b, "exc")
    assert proj.my_diagonal(weight=2.0) is proj
    assert proj.post_ranks == [0, 1, 2] and proj.pre_ranks == [[0], [1], [2]]
    assert proj.w == [[2.0], [2.0], [2.0]]


def test_duplicate_connector_refused(registered):
    class Duplicate:
        @hookimpl
        def register_connectors(self, register):
            register.add("all_to_all", diagonal)

    registered(Duplicate(), "dup")
    with pytest.raises(ann.PluginError, match="Two plugins register the connector 'all_to_all'"):
        plugins.registry("connectors")


def test_missing_backend_names_distribution(rate_neuron):
    from ANNarchy.plugins import registry

    net = ann.Network()
    net.create(2, rate_neuron)
    if "openmp" not in registry("backends"):  # core's own session installs no backend
        with pytest.raises(ann.PluginError, match="pip install annarchy-backend-openmp"):
            net.compile(silent=True)
    if "cuda" not in registry("backends"):  # installed in a development environment
        net.config(paradigm="cuda")
        with pytest.raises(ann.PluginError, match="pip install annarchy-backend-cuda"):
            net.compile(silent=True)


def test_unavailable_backend(fake_backend, rate_neuron):
    fake_backend.ok = False
    net = ann.Network()
    net.config(paradigm="fake")
    net.create(2, rate_neuron)
    with pytest.raises(ann.PluginError, match="cannot run here: no compiler"):
        net.compile(silent=True)


def test_missing_api_name_names_distribution():
    from ANNarchy.plugins import registry

    if "PoissonPopulation" in registry("api"):
        pytest.skip("annarchy-inputs is installed here")
    with pytest.raises(ann.PluginError, match="pip install annarchy-inputs"):
        ann.PoissonPopulation  # noqa: B018
    with pytest.raises(ann.PluginError, match="pip install annarchy-inputs"):
        from ANNarchy import TimedArray  # noqa: F401
    with pytest.raises(AttributeError):
        ann.DefinitelyNotAName  # noqa: B018
    assert not hasattr(ann, "DefinitelyNotAName")


def test_api_and_extension_plugins(registered):
    module = types.ModuleType("fake_ext_module")
    module.Thing = "thing"
    import sys

    sys.modules["fake_ext_module"] = module

    class ApiPlugin:
        @hookimpl
        def register_api(self, register):
            register.add("FakeInputPopulation", "poisson-class")

        @hookimpl
        def register_extensions(self, register):
            register.add("fakeext", "fake_ext_module")

    registered(ApiPlugin(), "api")
    assert ann.FakeInputPopulation == "poisson-class"
    import ANNarchy.extensions.fakeext as ext

    assert ext is module
    from ANNarchy.extensions import fakeext

    assert fakeext.Thing == "thing"
    from ANNarchy.plugins import registry

    if "convolution" not in registry("extensions"):  # installed in a development environment
        with pytest.raises(ann.PluginError, match="pip install annarchy-convolution"):
            import ANNarchy.extensions.convolution  # noqa: F401
    del sys.modules["fake_ext_module"]
    sys.modules.pop("ANNarchy.extensions.fakeext", None)
