"""Participants' reports after the stay and the centre's final report; pages in ``views/``."""
