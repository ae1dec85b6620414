"""Counters the adversarial suite fills and its conftest prints at the end of the run."""
from collections import Counter

FIGURES = Counter()
