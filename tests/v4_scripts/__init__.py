"""ANNarchy 4-style scripts of the classic models of the manual (top-level API, ``connect_*``
connector names), run by ``tests/test_v4_scripts.py``. Each leaves its numbers in ``RESULT``."""
