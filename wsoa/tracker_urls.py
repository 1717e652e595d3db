"""The written statement of action's tracker routes."""

urlpatterns: list = []
