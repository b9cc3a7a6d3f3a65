"""What may be assigned on a projection besides the synapse's attributes.

``pre``, ``post``, ``target`` and ``synapse_type`` are fixed (``ReadOnlyAttributeError``);
``name``, ``delay`` (see ``delays``) and the switches ``transmission``, ``update`` and
``plasticity`` of the manual can be assigned. A subclass may assign new names in its
``__init__``; names it assigns only later are listed in its class attribute
``_extra_attributes`` (see ``assignment.py``).

ANNarchy 5 core has one learning flag per projection (``enable_learning()`` /
``disable_learning()``): ``update`` sets it for rate-coded synapses and ``plasticity`` for
spiking ones, as ``disable_learning()`` does in the reference. The other combinations and
``transmission`` are not available yet and raise a clear error instead of being ignored.
"""

from __future__ import annotations

from ..errors import InvalidConfiguration

_RECONNECT = "create a new projection instead (in a new Network if this one is compiled)"


class ProjectionSettingsMixin:
    """Fixed attributes and the ``transmission``, ``update`` and ``plasticity`` switches."""

    _fixed_attributes = {
        "pre": f"the pre-synaptic population is fixed when the projection is created; {_RECONNECT}",
        "post": f"the post-synaptic population is fixed at creation; {_RECONNECT}",
        "target": f"the target is fixed when the projection is created; {_RECONNECT}",
        "synapse_type": f"the synapse model is fixed at creation; {_RECONNECT}",
    }

    def _spiking_synapse(self) -> bool:
        return self.synapse_type.type == "spike"

    @property
    def transmission(self) -> bool:
        """Whether the projection transmits (always True: it cannot be switched off yet)."""
        return True

    @transmission.setter
    def transmission(self, flag) -> None:
        if not flag:
            raise InvalidConfiguration(
                f"{self._who()}: switching transmission off is not available yet; set the "
                "weights to 0 (and back) or disable the pre-synaptic population instead."
            )

    @property
    def update(self) -> bool:
        """Whether the synaptic variables of a rate-coded projection are updated."""
        return self._learning if not self._spiking_synapse() else True

    @update.setter
    def update(self, flag) -> None:
        if self._spiking_synapse():
            raise InvalidConfiguration(
                f"{self._who()}: 'update' is only available for rate-coded synapses; use "
                "proj.plasticity = False (or proj.disable_learning()) for a spiking one."
            )
        self._set_learning(bool(flag))

    @property
    def plasticity(self) -> bool:
        """Whether the weights of a spiking projection change."""
        return self._learning if self._spiking_synapse() else True

    @plasticity.setter
    def plasticity(self, flag) -> None:
        if not self._spiking_synapse():
            raise InvalidConfiguration(
                f"{self._who()}: 'plasticity' is only available for spiking synapses; use "
                "proj.update = False (or proj.disable_learning()) for a rate-coded one."
            )
        self._set_learning(bool(flag))
