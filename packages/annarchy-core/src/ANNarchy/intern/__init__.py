"""Compatibility package: existing ANNarchy code imports from ``ANNarchy.intern.Messages``."""
