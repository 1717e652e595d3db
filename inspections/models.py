"""Inspections: the case everything else hangs from. The lifecycle arrives with its own issue."""
