from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any, Mapping, Protocol

from portal.models import MailMessage


class Transport(Protocol):
    def send(self, message: MailMessage, sender: str) -> None: ...


def build_email(message: MailMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="mobilite.local")
    email.set_content(message.body_text)
    email["Content-Language"] = message.locale  # after set_content(), which resets the Content-* headers
    return email


class SmtpTransport:
    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config

    def send(self, message: MailMessage, sender: str) -> None:
        cls = smtplib.SMTP_SSL if self.config.get("MAIL_USE_SSL") else smtplib.SMTP
        with cls(self.config["MAIL_SERVER"], int(self.config["MAIL_PORT"]), timeout=10) as smtp:
            if self.config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if self.config.get("MAIL_USERNAME"):
                smtp.login(self.config["MAIL_USERNAME"], self.config["MAIL_PASSWORD"] or "")
            smtp.send_message(build_email(message, sender))


class FileTransport:
    """Embedded default: each message becomes an .eml file a person can open."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def send(self, message: MailMessage, sender: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message.created_at:%Y%m%d-%H%M%S}-{message.id:06d}.eml"
        path.write_bytes(bytes(build_email(message, sender)))


def make_transport(config: Mapping[str, Any]) -> Transport:
    if config.get("MAIL_BACKEND", "file") == "smtp":
        return SmtpTransport(config)
    return FileTransport(config["MAIL_FOLDER"])
