"""arabic layer."""
