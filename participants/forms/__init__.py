"""Forms of the participants pages."""
