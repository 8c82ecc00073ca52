"""Mail of the steps after approval, each in its recipient's language: who is told of what."""
from __future__ import annotations

from flask_babel import force_locale, gettext

from portal.accounts.recipients import active_coordinators
from portal.models import Application, User
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url, application_endpoint
from portal.workflow.review import _ministry_officers, _staff_of
from portal.workflow.transitions import Action


def _text(action: str, title: str) -> tuple[str, str]:
    texts = {
        Action.PROPOSE_AMENDMENT: (gettext("Amendment proposed: %(title)s", title=title),
                                   gettext('The centre proposes an amendment to the approved application "%(title)s".',
                                           title=title)),
        Action.ENDORSE_AMENDMENT: (gettext("Amendment endorsed: %(title)s", title=title),
                                   gettext('The coordinator has endorsed the amendment of "%(title)s"; the ministry '
                                           'decides.', title=title)),
        Action.DECLINE_AMENDMENT: (gettext("Amendment declined: %(title)s", title=title),
                                   gettext('The coordinator has declined the amendment of "%(title)s".', title=title)),
        Action.REFUSE_AMENDMENT: (gettext("Amendment refused: %(title)s", title=title),
                                  gettext('The ministry has refused the amendment of "%(title)s".', title=title)),
        Action.ACCEPT_AMENDMENT: (gettext("Amendment accepted: %(title)s", title=title),
                                  gettext('The ministry has accepted the amendment of "%(title)s".', title=title)),
        Action.CANCEL: (gettext("Stay cancelled: %(title)s", title=title),
                        gettext('The stay "%(title)s" has been cancelled.', title=title)),
    }
    return texts[action]


def _recipients(application: Application, action: str) -> list[User]:
    if action == Action.PROPOSE_AMENDMENT:
        return active_coordinators()
    if action == Action.ENDORSE_AMENDMENT:
        return _ministry_officers() + _staff_of(application)
    if action == Action.CANCEL:
        return _staff_of(application) + active_coordinators() + _ministry_officers()
    return _staff_of(application) + active_coordinators()


def amendment(application: Application, action: str, comment: str = "") -> None:
    """Queue one message per recipient (an address once), in the recipient's language."""
    seen: set[str] = set()
    for user in _recipients(application, action):
        if user.email in seen:
            continue
        seen.add(user.email)
        with force_locale(user.locale):
            subject, text = _text(action, application.title)
            parts = [gettext("Hello %(name)s,", name=user.name), "", text]
            if comment:
                parts += ["", gettext("Comment:"), comment]
            link = absolute_url(application_endpoint(user), application_id=application.id)
            parts += ["", gettext("See the application here:") + " " + link]
        queue_mail(user.email, subject, "\n".join(parts) + "\n", locale=user.locale)
