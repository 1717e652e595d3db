"""The written statement of action's page routes."""

urlpatterns: list = []
