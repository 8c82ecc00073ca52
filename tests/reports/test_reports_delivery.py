"""Real delivery: completing the stay through the page sends each participant's invitation to an SMTP server."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import MailMessage
from tests.helpers import login, mail_links, mail_subject, post
from tests.reports.conftest import END


def test_completing_the_stay_delivers_one_invitation_per_participant(client, make_stay, staff, inbox, set_today):
    set_today(END)
    application = make_stay(status="in_progress")
    db.session.commit()
    login(client, staff)
    response = post(client, f"/projets/{application.id}/sejour/fin", token_from=f"/projets/{application.id}")
    assert response.status_code == 302
    [french] = inbox.to("ana@example.com")
    [english] = inbox.to("ben@example.com")
    assert mail_subject(french) == f"Votre rapport sur le séjour {application.title}"
    assert mail_subject(english) == f"Your report on the stay {application.title}"
    ana = application.participants[0]
    [link] = mail_links(french)
    assert f"/rapports/lien/{application.id}/{ana.id}/" in link
    assert db.session.scalars(select(MailMessage).where(MailMessage.sent_at.is_(None))).all() == []
    client.get("/")  # the link works for anyone holding it, logged in or not
    assert client.get(link.split("portail.test", 1)[1]).status_code == 200
