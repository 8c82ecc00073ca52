"""Applications: the project, its participants, eligibility and access policy; pages in ``views/``."""
