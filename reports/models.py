"""Outcome letters and their PDFs. Arrives after evidence capture."""
