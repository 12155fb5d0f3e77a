"""services layer: the use cases (import, statistics, the project database), free of Qt."""
