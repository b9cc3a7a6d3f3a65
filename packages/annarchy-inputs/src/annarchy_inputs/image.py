"""``ImagePopulation`` (Pillow) and ``VideoPopulation`` (OpenCV): rate-coded populations whose
``r`` is an image, written from Python (values in [0, 1]).

Also importable as ``ANNarchy.extensions.image``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from ANNarchy import Neuron, Population
from ANNarchy.errors import ANNarchyException, InvalidConfiguration


def _image_shape(who: str, geometry) -> tuple[tuple[int, int], bool]:
    """((height, width), colour) of an image population's geometry."""
    dims = (geometry,) if isinstance(geometry, int) else tuple(geometry)
    if len(dims) == 2 or (len(dims) == 3 and dims[2] in (1, 3)):
        return (int(dims[0]), int(dims[1])), len(dims) == 3 and dims[2] == 3
    raise InvalidConfiguration(
        f"{who}: the geometry must be (height, width), (height, width, 1) for grey images or "
        f"(height, width, 3) for colour images; got {geometry!r}."
    )


class _Picture(Population):
    def __init__(self, geometry, name, net_id, label: str):
        self._label = f"{label} '{name or ''}'"
        self._hw, self._colour = _image_shape(self._label, geometry)
        neuron = Neuron(parameters="r = 0.0", name=label, description="Pixels in r")
        super().__init__(geometry, neuron, name=name, net_id=net_id)

    def _show(self, pixels: np.ndarray) -> None:
        """Write 8-bit pixels (height, width[, 3]) into ``r`` scaled to [0, 1]."""
        self.r = (np.asarray(pixels, dtype=np.float64) / 255.0).reshape(self.geometry)


class ImagePopulation(_Picture):
    """Rate-coded population representing an image: one neuron per pixel (per channel).

    Parameters
    ----------
    geometry : tuple
        (height, width) for the luminance, (height, width, 3) for RGB colours.
    name : str, optional
        Unique name of the population.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).

    Examples
    --------
    >>> pop = net.create(ImagePopulation(geometry=(480, 640)))
    >>> pop.set_image('image.jpg')
    """

    def __init__(self, geometry, name=None, copied=False, net_id=0):
        super().__init__(geometry, name, net_id, "ImagePopulation")

    def set_image(self, image_name) -> None:
        """Load an image (any format Pillow reads), resized to the geometry, into ``r``.

        Parameters
        ----------
        image_name : str or Path
            The image file.
        """
        try:
            from PIL import Image
        except ImportError:
            raise ANNarchyException(
                f"{self._label}: set_image() needs Pillow: pip install 'annarchy-inputs[image]'."
            ) from None
        path = Path(image_name)
        if not path.is_file():
            raise ANNarchyException(f"{self._label}: no image file '{path}'.")
        try:
            with Image.open(path) as img:
                img = img.convert("RGB" if self._colour else "L")
                height, width = self._hw
                pixels = np.asarray(img.resize((width, height)))
        except OSError as exc:
            raise ANNarchyException(f"{self._label}: cannot read '{path}' ({exc}).") from None
        self._show(pixels)


class VideoPopulation(_Picture):
    """Rate-coded population fed with the frames of a camera (needs OpenCV).

    Parameters
    ----------
    geometry : tuple
        (height, width) for the luminance, (height, width, 3) for RGB colours.
    opencv_version : str
        Kept for compatibility (the Python OpenCV package is used).
    name : str, optional
        Unique name of the population.
    copied : bool
        Kept for compatibility.
    net_id : int
        Id of the network (0: the magic network).
    """

    def __init__(self, geometry, opencv_version="4", name=None, copied=False, net_id=0):
        super().__init__(geometry, name, net_id, "VideoPopulation")
        self._camera = None

    def _cv2(self):
        try:
            import cv2
        except ImportError:
            raise ANNarchyException(
                f"{self._label} needs OpenCV: pip install 'annarchy-inputs[video]'."
            ) from None
        return cv2

    def start_camera(self, camera_port=0) -> None:
        """Open a camera.

        Parameters
        ----------
        camera_port : int
            Number of the camera (``/dev/video<port>`` on Linux).

        Raises
        ------
        ANNarchyException
            When the camera cannot be opened.
        """
        cv2 = self._cv2()
        camera = cv2.VideoCapture(camera_port)
        if not camera.isOpened():
            camera.release()
            raise ANNarchyException(
                f"{self._label}: no camera could be opened at port {camera_port}."
            )
        self._camera = camera

    def grab_image(self) -> None:
        """Read one frame of the camera into ``r`` (resized to the geometry)."""
        if self._camera is None:
            raise ANNarchyException(f"{self._label}: call start_camera() before grab_image().")
        cv2 = self._cv2()
        ok, frame = self._camera.read()
        if not ok:
            raise ANNarchyException(f"{self._label}: the camera returned no frame.")
        code = cv2.COLOR_BGR2RGB if self._colour else cv2.COLOR_BGR2GRAY
        height, width = self._hw
        self._show(cv2.resize(cv2.cvtColor(frame, code), (width, height)))

    def release(self) -> None:
        """Release the camera."""
        if self._camera is not None:
            self._camera.release()
            self._camera = None
