"""The attestation as a PDF (fpdf2, pure Python): French, then the second language, with a QR code (segno) to the
verification page. Texts go through Babel, once per language (force_locale)."""
from __future__ import annotations

import io

import segno
from flask_babel import force_locale, format_date, gettext
from fpdf import FPDF

from portal.i18n.countries import country_name
from portal.models import Attestation
from portal.privacy.attestations import verification_url


def _section(pdf: FPDF, attestation: Attestation, locale: str) -> None:
    application, participant = attestation.application, attestation.participant
    partner = application.partner
    with force_locale(locale):
        pdf.set_font("Helvetica", "B", 15)
        pdf.multi_cell(0, 8, _text(gettext("Attestation of competencies — international mobility")),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10.5)
        lines = [
            gettext("This attests that %(name)s took part in the stay \"%(title)s\".",
                    name=participant.full_name, title=application.title),
            gettext("Trade: %(trade)s", trade=application.trade_name or participant.trade or "—"),
            gettext("Host: %(host)s, %(city)s (%(country)s)", host=partner.name if partner else "—",
                    city=application.destination_city or "—",
                    country=country_name(application.destination_country, locale) or "—"),
            gettext("From %(start)s to %(end)s", start=format_date(application.start_date, "long"),
                    end=format_date(application.end_date, "long")),
            gettext("Competencies practised: %(list)s", list=attestation.competencies or "—"),
            gettext("Countersigned by the host: %(who)s", who=attestation.host_signatory or gettext("not yet")),
        ]
        for line in lines:
            pdf.multi_cell(0, 6, _text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


# The PDF core fonts cover Latin-1 (French accents); typographic signs outside it get their plain equivalent.
PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "…": "...", "\u202f": " ",
                       "\u00a0": " "})


def _text(value: str) -> str:
    return value.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def build(attestation: Attestation) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_title("Attestation")
    _section(pdf, attestation, "fr")
    _section(pdf, attestation, attestation.second_language or "en")
    url = verification_url(attestation)
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=4, border=2)
    qr.seek(0)
    pdf.image(qr, x=pdf.l_margin, w=35)
    pdf.set_font("Helvetica", "", 8)
    with force_locale("fr"):
        pdf.multi_cell(0, 4, _text(gettext("Verify this attestation: %(url)s", url=url)), new_x="LMARGIN",
                       new_y="NEXT")
    return bytes(pdf.output())
