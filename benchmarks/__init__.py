"""careernet's benchmarks: each figure next to a floor measured in the same run."""
