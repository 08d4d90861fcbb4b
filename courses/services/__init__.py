"""Writes of the courses app, one module per topic."""
