"""ImagePopulation (Pillow) and VideoPopulation (OpenCV optional)."""

from __future__ import annotations

import sys

import ANNarchy as ann
import numpy as np
import pytest

PIL = pytest.importorskip("PIL.Image")


@pytest.fixture
def picture(tmp_path):
    """A 4x6 RGB image: pure red left half, white right half."""
    pixels = np.zeros((4, 6, 3), dtype=np.uint8)
    pixels[:, :3, 0] = 255
    pixels[:, 3:, :] = 255
    path = tmp_path / "picture.png"
    PIL.fromarray(pixels).save(path)
    return path


def test_grey_and_colour_images(picture):
    from ANNarchy.extensions.image import ImagePopulation

    grey = ImagePopulation(geometry=(4, 6))
    grey.set_image(picture)
    # Pillow's luminance of pure red: (299 * 255) // 1000 = 76
    expected = np.where(np.arange(6) < 3, 76 / 255, 1.0) * np.ones((4, 1))
    np.testing.assert_allclose(grey.r, expected)
    colour = ann.ImagePopulation(geometry=(4, 6, 3))
    colour.set_image(str(picture))
    np.testing.assert_allclose(colour.r[:, :3], [[[1.0, 0.0, 0.0]] * 3] * 4)
    np.testing.assert_allclose(colour.r[:, 3:], 1.0)


def test_image_is_resized_to_the_geometry(picture, run):
    net = ann.Network()
    pop = net.create(ann.ImagePopulation(geometry=(2, 2, 1)))
    run(net)
    pop.set_image(picture)  # after compile: written through the runtime
    # as the spec's equivalent: Image.open(...).convert('L').resize((width, height)) / 255
    expected = np.asarray(PIL.open(picture).convert("L").resize((2, 2))) / 255.0
    assert pop.r.shape == (2, 2, 1)
    np.testing.assert_array_equal(pop.r[:, :, 0], expected)
    assert expected[0, 0] < 0.5 < expected[0, 1]


def test_image_errors(tmp_path):
    pop = ann.ImagePopulation(geometry=(4, 6))
    with pytest.raises(ann.ANNarchyException, match="no image file .*missing.png"):
        pop.set_image(tmp_path / "missing.png")
    (tmp_path / "bad.png").write_text("not an image")
    with pytest.raises(ann.ANNarchyException, match="cannot read"):
        pop.set_image(tmp_path / "bad.png")
    with pytest.raises(ann.ANNarchyException, match=r"\(height, width, 3\) for colour"):
        ann.ImagePopulation(geometry=(4, 6, 2))


def test_video_without_opencv(monkeypatch):
    monkeypatch.setitem(sys.modules, "cv2", None)  # import cv2 now fails
    pop = ann.VideoPopulation(geometry=(4, 6))
    with pytest.raises(
        ann.ANNarchyException, match=r"needs OpenCV: pip install 'annarchy-inputs\[video\]'"
    ):
        pop.start_camera(0)
    with pytest.raises(ann.ANNarchyException, match="call start_camera"):
        pop.grab_image()


def test_video_without_camera(monkeypatch):
    class Capture:
        def __init__(self, port):
            self.port = port

        def isOpened(self):  # noqa: N802 - OpenCV's name
            return False

        def release(self):
            pass

    fake = type(sys)("cv2")
    fake.VideoCapture = Capture
    monkeypatch.setitem(sys.modules, "cv2", fake)
    pop = ann.VideoPopulation(geometry=(4, 6))
    with pytest.raises(ann.ANNarchyException, match="no camera could be opened at port 3"):
        pop.start_camera(3)
