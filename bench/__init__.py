"""RegLab's benchmark suite: ``python3 bench/run.py --help``."""
