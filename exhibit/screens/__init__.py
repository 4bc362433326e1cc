"""Screens: one per module."""
