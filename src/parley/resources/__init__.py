"""Data shipped with Parley."""
