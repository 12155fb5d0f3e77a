"""The team-server tests' fixtures live in tests/pg/cluster.py (shared with the store and
service suites, which run on both backends)."""
