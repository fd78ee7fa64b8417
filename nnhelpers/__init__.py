"""Deriving BP1: helpers for the notebook course."""
