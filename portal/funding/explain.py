"""Localised (fr/en) wording of funding lines and messages.

Amounts go through :func:`format_money` (Babel, CAD); counts and km through
:func:`format_int`. French uses inclusive "participant·e·s" and a no-break
space before colons.
"""
from __future__ import annotations

from portal.core.money import format_int, format_money, language
from portal.funding.bands import DistanceBand
from portal.funding.types import LineKind

_LABELS = {
    "fr": {
        LineKind.TRANSPORT: "Transport",
        LineKind.LODGING: "Hébergement",
        LineKind.SUBSISTENCE: "Frais de subsistance",
        LineKind.CAP_REDUCTION: "Réduction (plafond)",
        LineKind.FLAT: "Forfait",
        LineKind.LOCAL_TRANSPORT: "Transport local (accueil)",
        LineKind.ACTIVITIES: "Activités (accueil)",
        LineKind.STAFF_HOSTING: "Hébergement du personnel accompagnateur",
    },
    "en": {
        LineKind.TRANSPORT: "Transport",
        LineKind.LODGING: "Lodging",
        LineKind.SUBSISTENCE: "Subsistence",
        LineKind.CAP_REDUCTION: "Cap reduction",
        LineKind.FLAT: "Flat amount",
        LineKind.LOCAL_TRANSPORT: "Local transport (hosting)",
        LineKind.ACTIVITIES: "Activities (hosting)",
        LineKind.STAFF_HOSTING: "Hosting of accompanying staff",
    },
}

_COLON = {"fr": "\u00a0:", "en": ":"}


def label(kind: LineKind, locale: str) -> str:
    return _LABELS[language(locale)][kind]


def _plural(n: int, locale: str, fr: tuple[str, str], en: tuple[str, str]) -> str:
    lang = language(locale)
    one, many = fr if lang == "fr" else en
    singular = n <= 1 if lang == "fr" else n == 1
    return f"{format_int(n, locale)} {one if singular else many}"


def participants(n: int, locale: str) -> str:
    return _plural(n, locale, ("participant·e", "participant·e·s"), ("participant", "participants"))


def nights(n: int, locale: str) -> str:
    return _plural(n, locale, ("nuit", "nuits"), ("night", "nights"))


def days(n: int, locale: str) -> str:
    return _plural(n, locale, ("jour", "jours"), ("day", "days"))


def stay(n: int, locale: str) -> str:
    """« séjour de 7 jours » / "7-day stay"."""
    if language(locale) == "fr":
        return f"séjour de {days(n, locale)}"
    return f"{format_int(n, locale)}-day stay"


def _product(count: int, unit_cents: int, total_cents: int, locale: str,
             quantity: str | None = None, detail: str | None = None) -> str:
    parts = [participants(count, locale)]
    if quantity is not None:
        parts.append(quantity)
    parts.append(format_money(unit_cents, locale))
    text = " × ".join(parts)
    if detail:
        text += f" ({detail})"
    return f"{text} = {format_money(total_cents, locale)}"


def band_text(band: DistanceBand, locale: str, canadian: bool = False) -> str:
    """« bande 500–1 999 km »; a stay in another province: « bande canadienne 500–1 999 km »."""
    fr = language(locale) == "fr"
    word = ("bande canadienne" if fr else "Canadian band") if canadian else ("bande" if fr else "band")
    return f"{word} {format_int(band.min_km, locale)}–{format_int(band.max_km, locale)} km"


def transport(count: int, unit_cents: int, total_cents: int, locale: str, *,
              route: str, km: int, band: DistanceBand | None, first_band_km: int,
              green: bool = False, green_fallback: bool = False, canadian: bool = False,
              justification: str = "", not_green: bool = False, eur_to_cad: str = "") -> str:
    fr = language(locale) == "fr"
    trip = f"{route} {format_int(km, locale)} km"
    if eur_to_cad:
        trip += f", 1 EUR = {eur_to_cad}\u00a0$" if fr else f", EUR 1 = ${eur_to_cad}"
    colon = _COLON[language(locale)]
    if justification:
        detail = (f"coût soumis, {trip}; justification{colon} {justification}" if fr
                  else f"quoted cost, {trip}; justification{colon} {justification}")
    elif band is None:
        detail = (f"{trip}, sous la première bande ({format_int(first_band_km, locale)} km)" if fr
                  else f"{trip}, below the first band ({format_int(first_band_km, locale)} km)")
    else:
        detail = f"{band_text(band, locale, canadian)}, {trip}"
        if green:
            detail = ("transport vert, " if fr else "green travel, ") + detail
        if green_fallback:
            detail += ("; pas de montant vert pour cette bande, montant standard" if fr
                       else "; no green amount for this band, standard amount")
        if not_green:
            detail += ("; transport vert seulement si chaque étape se fait par voie terrestre, montant standard"
                       if fr else "; green travel only when every leg is by land, standard amount")
    return _product(count, unit_cents, total_cents, locale, detail=detail)


def lodging(count: int, n_nights: int, unit_cents: int, total_cents: int, locale: str) -> str:
    return _product(count, unit_cents, total_cents, locale, quantity=nights(n_nights, locale))


def priced_runs(runs: list[tuple[int, int]], per_participant_cents: int, count: int, total_cents: int,
                locale: str, unit: str) -> str:
    """Nights (or days) priced at different dated rates:
    « 2 participant·e·s × (5 nuits × 126,00 $ + 4 nuits × 138,00 $) = 2 × 1 182,00 $ = 2 364,00 $ »."""
    word = nights if unit == "nights" else days
    parts = " + ".join(f"{word(n, locale)} × {format_money(cents, locale)}" for n, cents in runs)
    return (f"{participants(count, locale)} × ({parts}) = {format_int(count, locale)} × "
            f"{format_money(per_participant_cents, locale)} = {format_money(total_cents, locale)}")


def _hosted(kind: LineKind, count: int, locale: str) -> str:
    if kind is LineKind.STAFF_HOSTING:
        return _plural(count, locale, ("accompagnateur·trice", "accompagnateur·trice·s"),
                       ("accompanying staff member", "accompanying staff members"))
    return _plural(count, locale, ("visiteur·euse", "visiteur·euse·s"), ("visitor", "visitors"))


def _span(kind: LineKind, quantity: int, locale: str) -> str:
    return (nights if kind is LineKind.STAFF_HOSTING else days)(quantity, locale)


def host_line(kind: LineKind, count: int, quantity: int, unit_cents: int, total_cents: int, locale: str) -> str:
    """Incoming stays: « 10 visiteur·euse·s × 10 jours × 15,00 $ = 1 500,00 $ »."""
    return (f"{_hosted(kind, count, locale)} × {_span(kind, quantity, locale)} × {format_money(unit_cents, locale)}"
            f" = {format_money(total_cents, locale)}")


def host_runs(kind: LineKind, count: int, runs: list[tuple[int, int]], per_head_cents: int, total_cents: int,
              locale: str) -> str:
    """A host line across a rate change, each day at the rate of its date:
    « 10 visiteur·euse·s × (3 jours × 12,00 $ + 7 jours × 14,00 $) = 10 × 134,00 $ = 1 340,00 $ »."""
    parts = " + ".join(f"{_span(kind, n, locale)} × {format_money(cents, locale)}" for n, cents in runs)
    return (f"{_hosted(kind, count, locale)} × ({parts}) = {format_int(count, locale)} × "
            f"{format_money(per_head_cents, locale)} = {format_money(total_cents, locale)}")


def day_count(stay_days: int, travel_days: int, allowed: int, counted: int, green: bool, locale: str) -> str:
    """How the stay's days count toward the minimum."""
    fr = language(locale) == "fr"
    extra = allowed > 2 and green
    if fr:
        text = (f"{stay(stay_days, locale)} dont {format_int(travel_days, locale)} de voyage ; "
                f"au plus {format_int(allowed, locale)} jours de voyage comptent"
                + (" (transport vert : jours supplémentaires)" if extra else "")
                + f" : {days(counted, locale)} compté(s)")
    else:
        text = (f"{stay(stay_days, locale)} with {format_int(travel_days, locale)} travel days; at most "
                f"{format_int(allowed, locale)} travel days count" + (" (green travel: extra days)" if extra else "")
                + f": {days(counted, locale)} counted")
    return text


def subsistence(count: int, n_days: int, unit_cents: int, total_cents: int, locale: str) -> str:
    return _product(count, unit_cents, total_cents, locale, quantity=days(n_days, locale))


def reduction(count: int, unit_cents: int, total_cents: int, cap_cents: int, locale: str,
              quoted: bool = False) -> str:
    fr = language(locale) == "fr"
    cap = format_money(cap_cents, locale)
    if fr:
        head = f"Plafond de {cap} par participant·e" + (" (transport soumis compris)" if quoted else "")
    else:
        head = f"Cap of {cap} per participant" + (" (quoted transport included)" if quoted else "")
    return f"{head}{_COLON[language(locale)]} {_product(count, unit_cents, total_cents, locale)}"


def tier_text(min_days: int, max_days: int | None, locale: str) -> str:
    fr = language(locale) == "fr"
    lo = format_int(min_days, locale)
    if max_days is None:
        return f"{lo} jours et plus" if fr else f"{lo} days or more"
    hi = format_int(max_days, locale)
    return f"{lo} à {hi} jours" if fr else f"{lo}–{hi} days"


def flat(count: int, unit_cents: int, total_cents: int, locale: str, *,
         n_days: int, min_days: int, max_days: int | None) -> str:
    fr = language(locale) == "fr"
    tier = tier_text(min_days, max_days, locale)
    detail = (f"forfait {tier}, {stay(n_days, locale)}" if fr
              else f"flat rate for {tier}, {stay(n_days, locale)}")
    return _product(count, unit_cents, total_cents, locale, detail=detail)


def ineligible_stay(n_days: int, min_days: int | None, locale: str) -> str:
    """Short reason: « séjour de 6 jours : non admissible, minimum 7 jours »."""
    fr = language(locale) == "fr"
    colon = _COLON[language(locale)]
    head = stay(n_days, locale)
    if min_days is None or n_days >= min_days:
        return f"{head}{colon} " + ("aucun forfait applicable" if fr else "no flat amount applies")
    return f"{head}{colon} " + (f"non admissible, minimum {days(min_days, locale)}" if fr
                                 else f"not eligible, minimum {days(min_days, locale)}")


def flat_ineligible(count: int, locale: str, *, n_days: int, min_days: int | None) -> str:
    return _product(count, 0, 0, locale, detail=ineligible_stay(n_days, min_days, locale))


def msg_negative_request(locale: str) -> str:
    if language(locale) == "fr":
        return "Le montant demandé ne peut pas être négatif."
    return "The requested amount cannot be negative."


def msg_not_eligible_request(locale: str) -> str:
    if language(locale) == "fr":
        return "Le séjour n'est pas admissible\u00a0: aucun montant ne peut être demandé."
    return "The stay is not eligible: no amount can be requested."


def msg_over_cap(requested_cents: int, limit_cents: int, locale: str) -> str:
    req, cap = format_money(requested_cents, locale), format_money(limit_cents, locale)
    over = format_money(requested_cents - limit_cents, locale)
    if language(locale) == "fr":
        return (f"Le montant demandé ({req}) dépasse de {over} le plafond ({cap})\u00a0: "
                "seule une exception approuvée par le ministère permet de le dépasser.")
    return (f"The requested amount ({req}) exceeds the cap ({cap}) by {over}: only an exception approved by "
            "the ministry allows more.")
