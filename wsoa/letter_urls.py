"""The written statement of action's letter routes."""

urlpatterns: list = []
