"""Finding the forms of the portal the way a browser does: every page a person may open (from the role matrix),
every ``<form method="post">`` on it, its action resolved to an endpoint of ``app.url_map`` and its fields."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from werkzeug.exceptions import HTTPException


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    values: list[str] = field(default_factory=list)  # the value shown, or the options


@dataclass
class Form:
    action: str
    endpoint: str
    fields: dict[str, Field]
    csrf_token: str | None
    multipart: bool
    csrf_field: str = "csrf_token"  # "<prefix>-csrf_token" for a prefixed form (Flask-WTF accepts either)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict, dict[str, Field]]] = []
        self._current: dict[str, Field] | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "get").lower() == "post":
            self._current = {}
            self.forms.append((attributes, self._current))
        elif self._current is None:
            return
        elif tag == "input" and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower()
            existing = self._current.get(attributes["name"])
            if existing is not None:  # radio buttons, checkboxes of one name
                existing.values.append(attributes.get("value") or "")
            else:
                self._current[attributes["name"]] = Field(attributes["name"], kind, [attributes.get("value") or ""])
        elif tag == "textarea" and attributes.get("name"):
            self._current[attributes["name"]] = Field(attributes["name"], "textarea", [""])
        elif tag == "select" and attributes.get("name"):
            self._select = Field(attributes["name"], "select", [])
            self._current[attributes["name"]] = self._select
        elif tag == "option" and self._select is not None:
            self._select.values.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, page_url: str, adapter) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    found = []
    for attributes, fields in parser.forms:
        action = urlsplit(attributes.get("action") or page_url).path
        try:
            endpoint, _values = adapter.match(action, method="POST")
        except HTTPException:
            continue
        csrf_field = next((name for name in fields if name == "csrf_token" or name.endswith("-csrf_token")),
                          "csrf_token")
        token = fields.pop(csrf_field, None)
        found.append(Form(action=action, endpoint=endpoint, fields=fields,
                          csrf_token=token.values[0] if token else None,
                          multipart="multipart" in (attributes.get("enctype") or ""), csrf_field=csrf_field))
    return found
