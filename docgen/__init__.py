"""docgen: generation and checking of French Conventions territoriales globales (CTG)."""

__version__ = "0.1.0"
