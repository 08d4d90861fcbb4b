"""Forms of the campaign and action-plan pages."""
