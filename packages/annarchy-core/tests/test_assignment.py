"""Assigning a name a population, view, projection or dendrite does not have is an error (a typo
such as ``pop.vv = 1`` must not pass silently); fixed and computed attributes are read-only."""

from __future__ import annotations

import ANNarchy as ann
import numpy as np
import pytest
from ANNarchy.core.population import Population


def make(rate_neuron, compiled=False):
    net = ann.Network(dt=0.5, seed=5)
    net.config(paradigm="fake")
    a = net.create(3, rate_neuron, name="a")
    b = net.create(2, rate_neuron, name="b")
    syn = ann.Synapse(parameters=dict(eta=0.1), equations="dw/dt = eta * pre.r")
    proj = net.connect(a, b, "exc", syn, name="ab").all_to_all(weights=0.25)
    if compiled:
        net.compile(silent=True)
    return net, a, b, proj


@pytest.fixture(params=[False, True], ids=["before-compile", "after-compile"])
def compiled(request, fake_backend):
    return request.param


def test_population_typo_lists_attributes_and_suggests(rate_neuron, compiled):
    net, a, _, _ = make(rate_neuron, compiled)
    with pytest.raises(ann.UnknownAttributeError) as exc:
        a.vv = 1.0
    msg = str(exc.value)
    assert "Population 'a' has no attribute 'vv' to assign. Did you mean 'v'?" in msg
    assert "parameters: tau, b; variables: v, r" in msg
    assert isinstance(exc.value, AttributeError) and isinstance(exc.value, ann.ANNarchyException)
    assert "vv" not in a.__dict__
    a.v = 2.0  # the real name still works
    assert a.v.tolist() == [2.0, 2.0, 2.0]
    with pytest.raises(ann.UnknownAttributeError, match="Did you mean 'tau'"):
        a.taus = 3.0
    with pytest.raises(ann.UnknownAttributeError) as exc:
        a.zzzz = 3.0
    assert "Did you mean" not in str(exc.value)


def test_population_settings_and_internals_still_assignable(rate_neuron, compiled):
    net, a, _, _ = make(rate_neuron, compiled)
    a.name = "renamed"
    a.stop_condition = "r > 1"
    a._private_note = 3  # internal names are never checked
    assert (a.name, a.stop_condition, a._private_note) == ("renamed", "r > 1", 3)
    assert not hasattr(a, "vv") and hasattr(a, "v")


@pytest.mark.parametrize(
    ("name", "value", "hint"),
    [
        ("geometry", (3, 1), "the geometry is fixed when the population is created"),
        ("size", 5, "the size follows from the geometry"),
        ("neuron_type", None, "the neuron model is fixed when the population is created"),
        ("width", 2, "it is computed by ANNarchy"),
        ("attributes", [], "it is computed by ANNarchy"),
    ],
)
def test_population_fixed_attributes(rate_neuron, compiled, name, value, hint):
    net, a, _, _ = make(rate_neuron, compiled)
    before = getattr(a, name)
    with pytest.raises(ann.ReadOnlyAttributeError) as exc:
        setattr(a, name, value)
    assert f"Population 'a': '{name}' cannot be assigned: {hint}" in str(exc.value)
    assert isinstance(exc.value, AttributeError)
    assert getattr(a, name) == before
    assert a.geometry == (3,) and a.size == 3 and a.v.shape == (3,)


def test_population_fixed_attribute_says_what_to_do(rate_neuron):
    _, a, _, _ = make(rate_neuron)
    with pytest.raises(ann.ReadOnlyAttributeError, match="create a new population instead"):
        a.geometry = (2, 2)


def test_refractory_assignable_when_it_names_a_parameter(spike_neuron):
    neuron = ann.Neuron(
        parameters=dict(t_ref=ann.Parameter(2.0, locality="local")),
        equations="dv/dt = -v",
        spike="v > 1",
        reset="v = 0",
        refractory="t_ref",
    )
    pop = ann.Network().create(3, neuron)
    pop.refractory = 5.0
    assert pop.t_ref.tolist() == [5.0, 5.0, 5.0] and pop.refractory.tolist() == [5.0] * 3
    other = ann.Network().create(2, spike_neuron)
    with pytest.raises(ann.InvalidConfiguration, match="refractory='name of a parameter'"):
        other.refractory = 5.0


def test_view_and_neuron_assignments(rate_neuron, compiled):
    net, a, _, _ = make(rate_neuron, compiled)
    view = a[1:]
    view.v = 4.0
    assert a.v.tolist() == [0.0, 4.0, 4.0]
    with pytest.raises(ann.UnknownAttributeError) as exc:
        view.vv = 1.0
    msg = str(exc.value)
    assert "PopulationView of 'a' has no attribute 'vv' to assign. Did you mean 'v'?" in msg
    assert "parameters: tau, b; variables: v, r" in msg
    for name, hint in (
        ("size", "the size of a view follows from its neurons"),
        ("neuron_type", "create a new population instead"),
        ("ranks", r"select other neurons with a new view, e.g. pop\[10:20\]"),
        ("population", "a view belongs to one population"),
    ):
        with pytest.raises(ann.ReadOnlyAttributeError, match=hint):
            setattr(view, name, 1)
    assert view.ranks.tolist() == [1, 2] and view.size == 2
    neuron = a[0]
    neuron.v = 7.0
    assert a.v.tolist() == [7.0, 4.0, 4.0]
    with pytest.raises(ann.UnknownAttributeError, match="Neuron 0 of 'a' has no attribute 'vv'"):
        neuron.vv = 1.0
    with pytest.raises(ann.ReadOnlyAttributeError, match="select another neuron"):
        neuron.rank = 2
    assert a.v.tolist() == [7.0, 4.0, 4.0]


def test_projection_assignments(rate_neuron, compiled):
    net, a, b, proj = make(rate_neuron, compiled)
    proj.eta = 0.5
    proj.w = 1.5
    assert proj.eta == 0.5 and proj.w == [[1.5] * 3] * 2
    with pytest.raises(ann.UnknownAttributeError) as exc:
        proj.ww = 1.0
    msg = str(exc.value)
    assert "Projection 'ab' has no attribute 'ww' to assign. Did you mean 'w'?" in msg
    assert "parameters: eta; variables: w" in msg
    for name, hint in (
        ("pre", "the pre-synaptic population is fixed"),
        ("post", "the post-synaptic population is fixed"),
        ("target", "the target is fixed when the projection is created"),
        ("synapse_type", "the synapse model is fixed at creation"),
        ("size", "it is computed by ANNarchy"),
    ):
        with pytest.raises(ann.ReadOnlyAttributeError, match=hint):
            setattr(proj, name, b)
    assert proj.pre is a and proj.post is b and proj.target == "exc"
    with pytest.raises(ann.ANNarchyException, match="takes a number of ms"):
        proj.delay = b  # assignable (see test_delay_change.py), but only to delays
    proj.name = "renamed"
    assert proj.name == "renamed"


def test_dendrite_and_synapse_assignments(rate_neuron, compiled):
    net, a, b, proj = make(rate_neuron, compiled)
    dendrite = proj.dendrite(1)
    dendrite.w = [1.0, 2.0, 3.0]
    assert proj.w == [[0.25] * 3, [1.0, 2.0, 3.0]]
    with pytest.raises(ann.UnknownAttributeError) as exc:
        dendrite.ww = 1.0
    msg = str(exc.value)
    assert "Dendrite 1 of 'ab' has no attribute 'ww' to assign. Did you mean 'w'?" in msg
    assert "parameters: eta; variables: w" in msg
    with pytest.raises(ann.ReadOnlyAttributeError, match=r"proj.dendrite\(rank\)"):
        dendrite.post_rank = 0
    synapse = dendrite.synapse(2)
    synapse.w = 9.0
    assert proj.w[1] == [1.0, 2.0, 9.0]
    with pytest.raises(ann.UnknownAttributeError, match="Synapse 2 -> 1 of 'ab' has no attr"):
        synapse.ww = 1.0
    with pytest.raises(ann.ReadOnlyAttributeError, match="it is computed by ANNarchy"):
        synapse.pre_rank = 0


def test_reading_a_typo_suggests_the_closest_name(rate_neuron):
    _, a, _, proj = make(rate_neuron)
    with pytest.raises(ann.UnknownAttributeError, match="Did you mean 'tau'"):
        _ = a.tua
    with pytest.raises(ann.UnknownAttributeError, match="Did you mean 'eta'"):
        proj.get("eta_")


class _Tagged(Population):
    """A plugin-style subclass: a name set in __init__, a declared one, a property."""

    _extra_attributes = {"label"}

    def __init__(self, geometry, neuron, net_id=0):
        super().__init__(geometry, neuron, net_id=net_id)
        self.gain = 2.0

    @property
    def doubled(self):
        return 2 * self.gain

    @doubled.setter
    def doubled(self, value):
        self.gain = value / 2


def test_subclasses_declare_extra_attributes(rate_neuron):
    net = ann.Network()
    pop = net.create(_Tagged(4, rate_neuron, net_id=net.id))
    pop.gain = 3.0  # set during __init__: assignable later
    pop.label = "input"  # declared in _extra_attributes
    pop.doubled = 10.0  # a property with a setter
    assert (pop.gain, pop.label, pop.doubled) == (5.0, "input", 10.0)
    pop.v = np.arange(4.0)
    assert pop.v.tolist() == [0.0, 1.0, 2.0, 3.0]
    with pytest.raises(ann.UnknownAttributeError, match="Did you mean 'gain'"):
        pop.gian = 1.0
    with pytest.raises(ann.ReadOnlyAttributeError, match="geometry is fixed"):
        pop.geometry = (2, 2)


def test_manual_switches_of_projections(fake_backend, rate_neuron, spike_neuron):
    net, a, b, proj = make(rate_neuron, compiled=False)
    spikes = net.create(2, spike_neuron)
    stdp = net.connect(spikes, spikes, "exc", ann.STDP).all_to_all(weights=0.1)
    net.compile(silent=True)
    rt = fake_backend.runtime
    proj.update = False  # rate-coded: the learning flag
    assert rt.learning["proj0"] is False and proj.update is False
    proj.update = True
    assert rt.learning["proj0"] is True and proj.update is True
    stdp.plasticity = False  # spiking: the learning flag
    assert rt.learning[stdp.owner] is False and stdp.plasticity is False
    with pytest.raises(ann.InvalidConfiguration, match="only available for rate-coded"):
        stdp.update = False
    with pytest.raises(ann.InvalidConfiguration, match="only available for spiking"):
        proj.plasticity = False
    with pytest.raises(ann.InvalidConfiguration, match="transmission off is not available"):
        proj.transmission = False
    proj.transmission = True
    assert proj.transmission is True and rt.learning["proj0"] is True
