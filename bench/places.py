"""Places the bench data uses: Québec centres' cities (weighted by how many centres a region has) and the partners'
cities abroad, with coordinates and the one-way distance from Montréal (km, great circle, rounded)."""
from __future__ import annotations

# region, city, latitude, longitude, in the Montréal metropolitan community, weight (share of the centres)
CENTRE_CITIES = [
    ("06", "Montréal", 45.5019, -73.5674, True, 14),
    ("13", "Laval", 45.5694, -73.7209, True, 5),
    ("16", "Longueuil", 45.5312, -73.5181, True, 5),
    ("16", "Saint-Hyacinthe", 45.6307, -72.9566, False, 3),
    ("15", "Saint-Jérôme", 45.7804, -74.0036, False, 3),
    ("15", "Terrebonne", 45.7000, -73.6470, True, 2),
    ("14", "Joliette", 46.0240, -73.4401, False, 3),
    ("03", "Québec", 46.8139, -71.2080, False, 8),
    ("12", "Lévis", 46.8033, -71.1779, False, 4),
    ("05", "Sherbrooke", 45.4042, -71.8929, False, 4),
    ("04", "Trois-Rivières", 46.3432, -72.5430, False, 4),
    ("17", "Drummondville", 45.8803, -72.4843, False, 3),
    ("07", "Gatineau", 45.4765, -75.7013, False, 4),
    ("02", "Saguenay", 48.4280, -71.0686, False, 3),
    ("01", "Rimouski", 48.4490, -68.5230, False, 2),
    ("08", "Rouyn-Noranda", 48.2366, -79.0231, False, 2),
    ("09", "Sept-Îles", 50.2169, -66.3808, False, 1),
    ("10", "Chibougamau", 49.9131, -74.3795, False, 1),
    ("11", "Gaspé", 48.8316, -64.4869, False, 1),
]

# country, city, latitude, longitude, km from Montréal, transport per participant (cents, the call's band)
PARTNER_CITIES = [
    ("FR", "Paris", 48.8566, 2.3522, 5510, 80_000),
    ("FR", "Lyon", 45.7640, 4.8357, 5800, 80_000),
    ("FR", "Bordeaux", 44.8378, -0.5792, 5560, 80_000),
    ("FR", "Nantes", 47.2184, -1.5536, 5280, 80_000),
    ("FR", "Lille", 50.6292, 3.0573, 5400, 80_000),
    ("FR", "Marseille", 43.2965, 5.3698, 6060, 80_000),
    ("BE", "Bruxelles", 50.8503, 4.3517, 5550, 80_000),
    ("BE", "Liège", 50.6326, 5.5797, 5640, 80_000),
    ("CH", "Genève", 46.2044, 6.1432, 5900, 80_000),
    ("CH", "Lausanne", 46.5197, 6.6323, 5930, 80_000),
    ("DE", "Stuttgart", 48.7758, 9.1829, 6050, 80_000),
    ("DE", "Berlin", 52.5200, 13.4050, 6000, 80_000),
    ("DE", "Hamburg", 53.5511, 9.9937, 5720, 80_000),
    ("GB", "Manchester", 53.4808, -2.2426, 5030, 80_000),
    ("GB", "Glasgow", 55.8642, -4.2518, 4850, 80_000),
    ("ES", "Barcelona", 41.3874, 2.1686, 5950, 80_000),
    ("ES", "Valencia", 39.4699, -0.3763, 5830, 80_000),
    ("MX", "Puebla", 19.0414, -98.2063, 3800, 59_000),
    ("MX", "Guadalajara", 20.6597, -103.3496, 3950, 59_000),
    ("MX", "Monterrey", 25.6866, -100.3161, 3160, 59_000),
]

FIRST_NAMES = ["Léa", "Noah", "Emma", "William", "Olivia", "Thomas", "Alice", "Liam", "Florence", "Jacob",
               "Charlotte", "Félix", "Rosalie", "Nathan", "Juliette", "Samuel", "Zoé", "Édouard", "Maëlle",
               "Mohamed", "Amira", "Nguyen", "Sofia", "Raphaël", "Camille", "Gabriel", "Chloé", "Louis"]
LAST_NAMES = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
              "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette",
              "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Nguyen"]
