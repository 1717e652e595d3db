"""Evidence records captured during an inspection. Arrives after the inspection lifecycle."""
