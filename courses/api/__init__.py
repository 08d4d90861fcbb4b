"""The courses API: viewsets, their serializers and routes."""
