# ruff: noqa: F403, F405  (an ANNarchy 4 script: star import of the top-level API)
"""Image input, convolution and max-pooling (the manual's convolutional network), ANNarchy 4
style, with an InputArray holding the image (deterministic)."""

import numpy as np
from ANNarchy import *
from ANNarchy.extensions.convolution import Convolution, Pooling

setup(dt=1.0)

image = InputArray(geometry=(8, 8))
feature = Population(geometry=(8, 8), neuron=Neuron(equations="r = sum(exc)"))
pooled = Population(geometry=(4, 4), neuron=Neuron(equations="r = sum(exc)"))

vertical = np.array([[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]])
conv = Convolution(image, feature, target="exc")
conv.connect_filter(weights=vertical)
pool = Pooling(feature, pooled, target="exc", operation="max")
pool.connect_pooling(extent=(2, 2))

compile()
image.r = (np.arange(64).reshape(8, 8) % 5) * 0.25
simulate(3.0)
RESULT = {"feature": np.asarray(feature.r).tolist(), "pooled": np.asarray(pooled.r).tolist()}
print(RESULT)
