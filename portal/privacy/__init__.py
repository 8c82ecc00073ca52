"""Law 25 duties: consent per purpose, retention and purge, rights requests, incident register, privacy notice."""
