"""Renderers: lay out computed results; they never compute scores themselves."""
