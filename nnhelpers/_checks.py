"""Temporary alias of nnhelpers.validation (removed once every module imports it)."""
from .validation import *  # noqa: F403
from .validation import PROBABILITY_TOLERANCE, TARGET_RULES  # noqa: F401
