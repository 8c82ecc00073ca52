"""Care for participants abroad: emergency contacts, health/insurance attestations, minors' travel authorisations,
the stay's itinerary and local contact, incidents reported during the stay."""
