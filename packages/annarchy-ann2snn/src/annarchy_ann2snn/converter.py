"""``ANNtoSNNConverter``: a Keras model (``.keras``) as a spiking ANNarchy network."""

from __future__ import annotations

from numbers import Real

import ANNarchy as ann
import numpy as np

from . import layers as _layers
from .errors import ConversionError
from .keras_file import KerasLayer, read_keras
from .models import INPUT_ENCODINGS, INPUT_RATE, integrate_and_fire, membrane_readout

READ_OUTS = ("spike_count", "time_to_first_spike", "time_to_k_spikes", "membrane_potential")

#: hidden layer at index ``l`` of the model (the Input is 0) fires above 1 - THRESHOLD_STEP * l
THRESHOLD_STEP = 0.05
MIN_THRESHOLD = 0.05


class ANNtoSNNConverter:
    """Converts a pre-trained Keras model ``.keras`` into an ANNarchy spiking neural network.

    Parameters
    ----------
    input_encoding : str or Neuron
        'CPN' (Poisson, also 'poisson'), 'IB' (intrinsically bursting) or 'PSO' (phase shift
        oscillation), or a spiking ``Neuron`` with a ``rates`` parameter (set to 100 Hz times
        the input value) and a ``mask`` variable.
    hidden_neuron : str or Neuron
        'IaF' (integrate-and-fire, default) or a spiking ``Neuron`` integrating ``g_exc``.
    read_out : str
        'spike_count', 'time_to_first_spike', 'time_to_k_spikes' (give ``k=...``) or
        'membrane_potential'.
    **kwargs
        ``k`` (int): number of spikes of the 'time_to_k_spikes' read-out.
    """

    def __init__(self, input_encoding="CPN", hidden_neuron="IaF", read_out="spike_count", **kwargs):
        self.input_encoding = input_encoding
        self.input_neuron = _neuron_choice(input_encoding, INPUT_ENCODINGS, "input_encoding")
        self.hidden_neuron = _neuron_choice(hidden_neuron, {"IaF": None}, "hidden_neuron")
        if read_out not in READ_OUTS:
            raise ConversionError(
                f"ANNtoSNNConverter: unknown read_out {read_out!r}; use one of "
                f"{', '.join(READ_OUTS)}."
            )
        self.read_out = read_out
        unknown = set(kwargs) - {"k"}
        if unknown:
            raise ConversionError(f"ANNtoSNNConverter: unknown arguments {sorted(unknown)}.")
        self.k = 1 if read_out == "time_to_first_spike" else kwargs.get("k")
        if read_out == "time_to_k_spikes" and (not isinstance(self.k, int) or self.k < 1):
            raise ConversionError(
                "ANNtoSNNConverter: read_out='time_to_k_spikes' needs k=<int >= 1>."
            )
        self._net = None
        self._input = None
        self._output = None
        self._monitor = None
        self.scale_factors = None

    # ---------------------------------------------------------------- building

    def load_keras_model(self, filename, directory="annarchy", scale_factor=None, show_info=True):
        """Loads the pre-trained model provided as a .keras file and compiles the network.

        Parameters
        ----------
        filename : str
            Path to the ``.keras`` file.
        directory : str
            Sub-directory where the generated code is stored (default: "annarchy").
        scale_factor : float or list of float, optional
            Weight scale factor per weighted layer (None: 1, 2, 3... with the depth). Checked
            and stored in ``scale_factors``; like the reference 5.0.4.1, the weights of the
            network are the Keras weights.
        show_info : bool
            Print the network structure.

        Returns
        -------
        Network
            The compiled network.
        """
        model = read_keras(filename)
        shape = _layers.input_shape(model[0])
        for layer in model[1:]:
            _layers.check_layer(layer)
        weighted = [layer for layer in model if layer.class_name in _layers.WEIGHTED]
        if not weighted:
            raise ConversionError(f"'{filename}' has no Dense or Conv2D layer to convert.")
        self.scale_factors = _scale_factors(scale_factor, len(weighted))
        self._net = ann.Network()
        self._input = self._net.create(shape, self.input_neuron, name=model[0].name)
        last = max(layer.index for layer in model if layer.class_name in _layers.WEIGHTED)
        pre = self._input
        for layer in model[1:]:
            pre, shape = self._add_layer(layer, pre, shape, layer.index == last)
            if layer.index == last:
                break
        self._output = pre
        if self.read_out == "spike_count":
            self._monitor = self._net.monitor(self._output, "spike")
        if show_info:
            self._print_structure(model)
        self._net.compile(directory=directory, silent=not show_info)
        return self._net

    def _add_layer(self, layer: KerasLayer, pre, shape, is_output: bool):
        if layer.class_name == "Flatten":
            return pre, (int(np.prod(shape)),)
        if layer.class_name in _layers.SKIPPED:
            return pre, shape
        if layer.class_name == "Dense":
            matrix = _layers.dense_matrix(layer, int(np.prod(shape)))
            post = self._population(matrix.shape[0], layer, is_output)
            proj = self._net.connect(pre, post, "exc")
            proj.from_matrix(matrix)
            return post, (matrix.shape[0],)
        if layer.class_name == "Conv2D":
            geometry = _layers.conv_geometry(layer, shape)
            post = self._population(geometry, layer, is_output)
            _layers.connect_conv(self._net, pre, post, layer)
            return post, geometry
        geometry = _layers.pool_geometry(layer, shape)
        post = self._population(geometry, layer, False)
        _layers.connect_pool(self._net, pre, post, layer)
        return post, geometry

    def _population(self, geometry, layer: KerasLayer, is_output: bool):
        if is_output:
            neuron = self._output_neuron()
        else:
            neuron = self.hidden_neuron or integrate_and_fire()
        stop = None
        if is_output and self.read_out.startswith("time_to"):
            stop = f"nspk >= {float(self.k)} : any"
        pop = self._net.create(geometry, neuron, name=layer.name, stop_condition=stop)
        if "vt" in pop.parameters and neuron is not self.hidden_neuron:
            pop.vt = 1.0 if is_output else _threshold(layer.index)
        return pop

    def _output_neuron(self):
        if self.read_out == "membrane_potential":
            return membrane_readout()
        if self.read_out.startswith("time_to"):
            return integrate_and_fire(count_spikes=True)
        return self.hidden_neuron or integrate_and_fire()

    def _print_structure(self, model: list[KerasLayer]) -> None:
        print(f"* Input layer: {model[0].name}, {self._input.geometry}")
        for layer in model[1:]:
            if layer.class_name not in _layers.WEIGHTED and layer.class_name not in (
                _layers.POOLING
            ):
                print(f"* {layer.class_name} skipped.")
                continue
            print(f"* {layer.class_name} layer: {layer.name}")
            for w in layer.weights[:1]:
                print(
                    f"    weights: {w.shape}, mean {w.mean():.6g}, std {w.std():.6g}, "
                    f"min {w.min():.6g}, max {w.max():.6g}"
                )

    def get_annarchy_network(self):
        """Returns the ANNarchy.Network instance (None before ``load_keras_model()``)."""
        return self._net

    # ---------------------------------------------------------------- prediction

    def predict(self, samples, duration_per_sample=1000, multiple=False):
        """Performs the prediction for a given input array.

        Parameters
        ----------
        samples : np.ndarray
            Inputs, shape (num_samples, input_size) (or (num_samples, *input_shape)), with
            values in [0, 1] (rates of 100 Hz at 1).
        duration_per_sample : int
            Simulation steps for one sample (default: 1000, 1 s with dt = 1 ms).
        multiple : bool
            Return the list of all output neurons meeting the criterion instead of a random
            one among them.

        Returns
        -------
        list
            Per sample, the rank of the winning output neuron (a list of ranks if
            ``multiple``).
        """
        if self._net is None:
            raise ConversionError("predict(): call load_keras_model() first.")
        samples = self._check_samples(samples)
        steps = int(duration_per_sample)
        if steps < 1:
            raise ConversionError("predict(): duration_per_sample must be at least 1 step.")
        predictions = []
        for n, sample in enumerate(samples):
            values = self._run_sample(sample, n * steps, steps)
            winners = [int(i) for i in np.flatnonzero(values == values.max())]
            predictions.append(winners if multiple else int(np.random.choice(winners)))
        return predictions

    def _check_samples(self, samples) -> np.ndarray:
        samples = np.asarray(samples, dtype=np.float64)
        size = self._input.size
        if samples.ndim < 2 or samples[0].size != size:
            raise ConversionError(
                f"predict(): samples must have the shape (num_samples, {size}) (or "
                f"(num_samples, *{self._input.geometry})), got {samples.shape}."
            )
        return samples.reshape(len(samples), size)

    def _run_sample(self, sample, start: int, steps: int) -> np.ndarray:
        net = self._net
        net.reset(populations=True, monitors=True)
        net.current_step = start  # fresh random draws for every sample
        self._input.rates = INPUT_RATE * sample.reshape(self._input.geometry)
        output = self._output
        if self.read_out == "spike_count":
            net.simulate(steps * net.dt)
            counts = np.zeros(output.size)
            for rank, times in self._monitor.get("spike").items():
                counts[rank] = len(times)
            return counts
        if self.read_out == "membrane_potential":
            net.simulate(steps * net.dt)
            return np.asarray(output.v, dtype=np.float64).ravel()
        net.simulate_until(steps * net.dt, output)
        return np.asarray(output.nspk, dtype=np.float64).ravel()


def _neuron_choice(value, named: dict, what: str):
    if isinstance(value, ann.Neuron):
        return value
    if isinstance(value, str) and value in named:
        return named[value]
    raise ConversionError(
        f"ANNtoSNNConverter: {what} must be one of {', '.join(map(repr, named))} or an "
        f"ANNarchy Neuron, got {value!r}."
    )


def _threshold(index: int) -> float:
    return max(1.0 - THRESHOLD_STEP * index, MIN_THRESHOLD)


def _scale_factors(scale_factor, count: int) -> list[float]:
    if scale_factor is None:
        return [float(k + 1) for k in range(count)]
    if isinstance(scale_factor, Real):
        factors = [float(scale_factor)] * count
    else:
        factors = [float(f) for f in scale_factor]
        if len(factors) != count:
            raise ConversionError(
                f"load_keras_model(): scale_factor lists {len(factors)} values for {count} "
                "weighted layers."
            )
    if any(not f > 0.0 for f in factors):
        raise ConversionError(f"load_keras_model(): scale factors must be > 0, got {factors}.")
    return factors
