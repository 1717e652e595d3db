"""The evidence pages."""
