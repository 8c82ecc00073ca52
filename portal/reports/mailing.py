"""Mail about the stay and the reports, each message in its recipient's language (through the outbox)."""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import force_locale, gettext
from sqlalchemy import select

from portal.extensions import db
from portal.i18n.labels import status_label
from portal.models import Application, Role, User
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url

STAY_STARTED = "stay_started"
STAY_COMPLETED = "stay_completed"
FILE_CLOSED = "file_closed"
FINAL_SUBMITTED = "final_submitted"
FINAL_ACCEPTED = "final_accepted"
FINAL_CORRECTIONS = "final_corrections"


def staff_of(application: Application) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role == Role.STAFF, User.active.is_(True),
                           User.organisation_id == application.organisation_id).order_by(User.id)))


def _texts(event: str, title: str) -> tuple[str, str]:
    """(subject, sentence), translated in the active locale."""
    if event == STAY_STARTED:
        return (gettext("Stay in progress: %(title)s", title=title),
                gettext('The stay of the project "%(title)s" has started.', title=title))
    if event == STAY_COMPLETED:
        return (gettext("Stay completed: %(title)s", title=title),
                gettext('The stay of the project "%(title)s" is completed; the participants are invited to '
                        'report on it.', title=title))
    if event == FILE_CLOSED:
        return (gettext("File closed: %(title)s", title=title),
                gettext('The coordinator has closed the file of the project "%(title)s".', title=title))
    if event == FINAL_SUBMITTED:
        return (gettext("Final report submitted: %(title)s", title=title),
                gettext('The centre has submitted the final report of the project "%(title)s".', title=title))
    if event == FINAL_ACCEPTED:
        return (gettext("Final report accepted: %(title)s", title=title),
                gettext('The coordinator has accepted the final report of the project "%(title)s".', title=title))
    return (gettext("Corrections requested to the final report: %(title)s", title=title),
            gettext('The coordinator asks for corrections to the final report of the project "%(title)s".',
                    title=title))


def notify(users: Iterable[User], application: Application, event: str, comment: str = "") -> None:
    seen: set[str] = set()
    link = absolute_url("applications.show", application_id=application.id)
    for user in users:
        if user.email in seen:
            continue
        seen.add(user.email)
        with force_locale(user.locale):
            subject, sentence = _texts(event, application.title)
            parts = [gettext("Hello %(name)s,", name=user.name), "", sentence]
            if comment:
                parts += ["", gettext("Comment:"), comment]
            parts += ["", gettext("Status: %(status)s", status=status_label(application.status)),
                      "", gettext("See the application here:") + " " + link]
        queue_mail(user.email, subject, "\n".join(parts) + "\n", locale=user.locale)
