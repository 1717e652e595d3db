"""Written statements of action. Arrives after the outcome letter."""
