"""Partner institutions: registry, pairing with applications, reciprocity; pages in ``views/``."""
