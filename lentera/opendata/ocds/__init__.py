"""Building, merging and validating OCDS 1.1.5 data. Pure functions over plain dicts (no database)."""
