"""Reads tfevents files back (TFRecord framing with masked CRC-32C, ``Event`` protos)."""

from __future__ import annotations

import glob
import io
import os
import struct

import numpy as np
from PIL import Image
from tensorboardX.proto import event_pb2
from tensorboardX.record_writer import masked_crc32c


def records(path: str) -> list[bytes]:
    """The payloads of a TFRecord file, each checked against its two checksums."""
    with open(path, "rb") as f:
        data = f.read()
    out, pos = [], 0
    while pos < len(data):
        header = data[pos : pos + 8]
        (length,) = struct.unpack("<Q", header)
        (crc,) = struct.unpack("<I", data[pos + 8 : pos + 12])
        assert crc == masked_crc32c(header)
        payload = data[pos + 12 : pos + 12 + length]
        (crc,) = struct.unpack("<I", data[pos + 12 + length : pos + 16 + length])
        assert crc == masked_crc32c(payload)
        out.append(payload)
        pos += 16 + length
    return out


def payload(value):
    """A float (scalar), a uint8 HxWx3 array (image), the proto (histogram, plugin data)."""
    kind = value.WhichOneof("value")
    if kind == "simple_value":
        return value.simple_value
    if kind == "image":
        pixels = np.array(Image.open(io.BytesIO(value.image.encoded_image_string)))
        assert pixels.shape[:2] == (value.image.height, value.image.width)
        return pixels
    if kind == "histo":
        return value.histo
    return value.metadata.plugin_data


def read_runs(root: str) -> dict[str, list[tuple[int, str, object]]]:
    """``{folder relative to root: [(step, tag, payload), ...]}`` over every event file."""
    runs: dict[str, list] = {}
    pattern = os.path.join(root, "**", "events.out.tfevents.*")
    for path in sorted(glob.glob(pattern, recursive=True)):
        folder = os.path.relpath(os.path.dirname(path), root)
        entries = runs.setdefault(folder, [])
        for record in records(path):
            event = event_pb2.Event()
            event.ParseFromString(record)
            if event.HasField("file_version"):
                assert event.file_version == "brain.Event:2"
                continue
            entries += [(event.step, v.tag, payload(v)) for v in event.summary.value]
    return runs
