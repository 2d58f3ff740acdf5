"""RegLab's numerical core: pure numpy and scikit-learn, never Qt."""

__version__ = "0.1.0"
