"""Writes of the assessments app, one module per topic."""
