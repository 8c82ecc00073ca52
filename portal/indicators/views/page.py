"""The indicators page and the printable annual report."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from babel.numbers import format_decimal, format_percent
from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.i18n import current_language, status_label
from portal.i18n.formatting import BABEL_LOCALES
from portal.indicators import charts, figures, report
from portal.indicators.choices import filter_options
from portal.indicators.filters import Filters, parse
from portal.indicators.labels import label as code_label
from portal.indicators.views.blueprint import bp
from portal.models import Role
from portal.web.access import roles_required

READERS = (Role.ADMIN, Role.MINISTRY, Role.COORDINATOR)
DATASET_LABELS = {"applications": _l("Applications"), "participants": _l("Participants"),
                  "funding_lines": _l("Funding lines"), "decisions": _l("Decisions"),
                  "stay_reports": _l("Stay reports (anonymised)"), "indicators": _l("Indicators")}


def number(value) -> str:
    """« 3,5 » / "3.5"; a dash when unknown."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.0#", locale=BABEL_LOCALES.get(current_language(), "fr_CA"))


def percent(value) -> str:
    if value is None:
        return "—"
    return format_percent(value, format="#,##0.0 %", locale=BABEL_LOCALES.get(current_language(), "fr_CA"))


def build_charts(data: report.Indicators, language: str) -> dict:
    envelopes = [(e.title(language), (e.committed / 100, e.remaining / 100)) for e in data.envelopes]
    return {
        "envelopes": charts.stacked(_("Envelope use per call"), envelopes, [_("Committed"), _("Remaining")]),
        "per_year": charts.bars(_("Participants per year"),
                                [(str(year), n) for year, n in data.participants_per_year().items()]),
        "per_region": charts.bars(_("Participants per region"),
                                  [(f"{r.code} {r.name}", r.participants) for r in data.regions]),
        "map": charts.region_map(_("Participants per region (schematic map)"),
                                 {r.code: r.participants for r in data.regions},
                                 {r.code: r.name for r in data.regions}),
        "balances": charts.diverging(_("Reciprocity balance per partner (participants sent − received)"),
                                     [(b.name, b.balance) for b in data.partner_balances]),
        "co2": charts.bars(_("kg CO2e per year"), [(str(r.key), float(r.kg)) for r in data.carbon_by_year]),
        "satisfaction": {item: charts.bars(_("Answers per score: %(item)s", item=code_label(item)),
                                           [(str(score), n) for score, n in counts.items()])
                         for item, counts in data.distribution.items()},
    }


def rendered_figures(filters: Filters, language: str) -> tuple[Markup, dict, datetime | None]:
    """The figures' tables and charts as HTML, the filter form's options, and when the figures were computed.

    The HTML is stored like the figures, per filters, language and version of the data (rendering them costs more
    than reading them), under the version of the figures it was rendered from, with the options (calls, programs,
    regions: sources of the figures too, so the same version covers them). The view commits."""
    key = figures.key_of(f"indicators-html-{language}", asdict(filters))
    found = figures.lookup(key)
    if found.value is not None:
        html, options = found.value
        return Markup(html), options, found.computed_at  # noqa: S704  (rendered by our own autoescaped template)
    data, version = report.versioned(filters)
    html = render_template("indicators/_figures.html", data=data, charts=build_charts(data, language),
                           catalogue=report.CATALOGUE, status_label=status_label, code_label=code_label,
                           language=language, number=number, percent=percent)
    options = filter_options(language)
    figures.store(key, version, data.as_of, (html, options))
    return Markup(html), options, data.as_of  # noqa: S704


@bp.get("/")
@roles_required(*READERS)
def index():
    filters = parse(request.args)
    language = current_language()
    html, options, as_of = rendered_figures(filters, language)
    figures.commit_if_stored()
    return render_template("indicators/index.html", figures_html=html, as_of=as_of, filters=filters,
                           options=options, exports=DATASET_LABELS)


@bp.get("/rapport-annuel")
@roles_required(*READERS)
def annual_report():
    filters = Filters(year=parse(request.args).year)
    html, _options, as_of = rendered_figures(filters, current_language())
    figures.commit_if_stored()
    return render_template("indicators/annual.html", figures_html=html, as_of=as_of, filters=filters)
