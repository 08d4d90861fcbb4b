"""The courses API: a view per operation, their serializers and routes."""
