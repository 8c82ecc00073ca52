"""The partner's response page, reached without an account through its signed link.

It shows the stay in the partner's language (or the one chosen with the language button) and no personal data
beyond the participants' first names and counts. A refused link shows why, with 400 (tampered or altered) or
410 (expired, used, superseded), and changes nothing.
"""
from __future__ import annotations

from collections import Counter

from flask import current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from portal.applications.views.participant_forms import kind_label
from portal.extensions import db, limiter
from portal.i18n.countries import country_name
from portal.models import Application, Pairing
from portal.partners.catalogue import trade_label
from portal.partners.pairing import links, operations
from portal.partners.pairing.links import LinkProblem, LinkRefused
from portal.partners.views.blueprint import bp
from portal.partners.views.forms import PartnerResponseForm

#: The partner pages' language switcher, each language in its own words.
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "es": "Español", "de": "Deutsch"}


def chosen_language() -> str | None:
    """The language picked with the page's switcher (``?lang=``), kept in the URL so the answer posts in it."""
    chosen = (request.args.get("lang") or "").strip().lower()
    return chosen if chosen in links.LINK_LANGUAGES else None


def _language(pairing: Pairing | None) -> str:
    """The language chosen on the page, else the partner's, else the portal's default."""
    chosen = chosen_language()
    if chosen:
        return chosen
    if pairing is not None:
        return links.partner_language(pairing.partner)
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def render_partner_page(template: str, **context) -> str:
    """A partner page with its switcher among the partner languages (staff pages keep French and English)."""
    languages = [(code, LANGUAGE_NAMES[code]) for code in links.LINK_LANGUAGES]
    return render_template(template, partner_languages=languages, **context)


def _problem_text(problem: LinkProblem) -> str:
    return {
        LinkProblem.INVALID: _("This link is not valid. Check that it was copied in full from the e-mail."),
        LinkProblem.ALTERED: _("This link does not match this stay. Use the link exactly as it was sent to you."),
        LinkProblem.EXPIRED: _("This link has expired. Ask the coordinator in Québec for a new one."),
        LinkProblem.USED: _("An answer has already been given through this link: it cannot be used again."),
        LinkProblem.SUPERSEDED: _("This request has been withdrawn: the stay has been paired otherwise since."),
    }[problem]


def _refused(refused: LinkRefused):
    # Nothing has been changed: a link is checked before the answer touches anything.
    pairing = db.session.get(Pairing, refused.pairing_id, options=[joinedload(Pairing.partner)]) \
        if refused.pairing_id else None  # its partner's language
    with force_locale(_language(pairing)):
        html = render_partner_page("partners/link_refused.html", text=_problem_text(refused.problem))
    return html, refused.problem.status_code


def _summary(application: Application) -> dict:
    kinds = Counter(participant.kind for participant in application.participants)
    return {
        "first_names": sorted(participant.first_name for participant in application.participants),
        "count": len(application.participants),
        "kinds": [(kind_label(kind), number) for kind, number in sorted(kinds.items())],
    }


def _trade(application: Application, language: str) -> str:
    if not application.trade_code:
        return ""
    # The programs of study are named in French and English only; Spanish and German pages show the English name.
    return trade_label(application.trade_code, language if language in ("fr", "en") else "en")


# What the page shows of the stay (its participants, the centre): options for the query that loads the application
# (re-read, since checking the link has read it without them).
SHOWN = (selectinload(Application.participants), joinedload(Application.organisation))


def _render(pairing: Pairing, token: str, form: PartnerResponseForm, status: int = 200):
    application = db.session.get(Application, pairing.application_id, options=SHOWN, populate_existing=True)
    language = _language(pairing)
    with force_locale(language):
        html = render_partner_page("partners/respond.html", pairing=pairing, application=application, form=form,
                                   token=token, summary=_summary(application),
                                   country=country_name(application.organisation.country_code, language),
                                   trade=_trade(application, language))
    return html, status


@bp.route("/reponse/<int:application_id>/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute; 200 per hour")
def respond(application_id: int, token: str):
    try:
        pairing = links.resolve(token, application_id)
    except LinkRefused as refused:
        return _refused(refused)
    with force_locale(_language(pairing)):
        form = PartnerResponseForm()
        if not form.validate_on_submit():
            return _render(pairing, token, form, 422 if form.is_submitted() else 200)
        try:
            pairing = operations.respond(token, application_id, form.answer.data == "confirm", form.comment.data)
        except LinkRefused as refused:
            return _refused(refused)
        db.session.commit()
        confirmed = pairing.status == "confirmed"
        html = render_partner_page("partners/responded.html", confirmed=confirmed)
    return html, 200
