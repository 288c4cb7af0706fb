"""exchange-extractor: typed, validated, source-grounded records of exchanges between Russia and Ukraine."""

__version__ = "0.1.0"
