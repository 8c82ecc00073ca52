"""The ministry's "student list" annex as CSV: a pure parser (no Flask app, no database).

Columns (French or English headers, any order, extra columns ignored): first name and last name (or one "name"
column), e-mail, date of birth, kind, trade, and optionally the preferred language. Delimiter ``;``, ``,`` or tab
(sniffed from the header line); UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252.

All or nothing: the caller imports ``result.rows`` only when ``result.errors`` is empty. Messages are English msgids
translated with ``flask_babel.gettext`` when the parser runs (the current request's language; the msgid itself
outside a request).
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from portal.core.text import starts_like_formula

MAX_BYTES = 1024 * 1024
MAX_ROWS = 500
KINDS = ("student", "teacher", "staff", "accompanying")
MAX_LENGTHS = {"first_name": 100, "last_name": 100, "email": 254, "trade": 200}


@dataclass(frozen=True)
class ParsedRow:
    line: int
    first_name: str
    last_name: str
    email: str | None
    birth_date: date
    kind: str
    trade: str = ""
    locale: str = "fr"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: the file as a whole
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def fold(text: str) -> str:
    """Lower case, no accents, words separated by one space: "Date de naissance" → "date de naissance"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": ("prenom", "prenoms", "first name", "firstname", "given name", "given names"),
    "last_name": ("nom", "nom de famille", "last name", "lastname", "surname", "family name"),
    "name": ("name", "full name", "nom complet", "nom et prenom", "prenom et nom", "nom prenom", "prenom nom",
             "participant", "participante", "eleve", "student"),
    "email": ("courriel", "adresse courriel", "email", "e mail", "email address", "e mail address", "mail",
              "adresse electronique", "adresse de courriel", "courriel de l eleve"),
    "birth_date": ("date de naissance", "naissance", "date naissance", "birth date", "birthdate", "date of birth",
                   "dob", "birthday"),
    "kind": ("type", "kind", "categorie", "category", "type de participant", "participant type", "role", "statut"),
    "trade": ("metier", "trade", "programme", "programme d etudes", "programme d etude", "program",
              "program of study", "programme of study", "dep", "dep asp", "specialite"),
    "locale": ("langue", "langue preferee", "language", "preferred language", "locale"),
}
_HEADERS = {alias: column for column, aliases in HEADER_ALIASES.items() for alias in aliases}

KIND_ALIASES: dict[str, str] = {
    **{alias: "student" for alias in ("eleve", "etudiant", "etudiante", "student", "stagiaire", "apprenant",
                                      "apprenante")},
    **{alias: "teacher" for alias in ("enseignant", "enseignante", "teacher", "professeur", "professeure",
                                      "prof")},
    **{alias: "staff" for alias in ("personnel", "membre du personnel", "staff", "staff member", "employe",
                                    "employee")},
    **{alias: "accompanying" for alias in ("accompagnateur", "accompagnatrice", "accompagnant", "accompagnante",
                                           "adulte accompagnateur", "adulte accompagnatrice", "accompanying",
                                           "accompanying adult", "chaperone", "chaperon")},
}
LOCALE_ALIASES = {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "anglais": "en", "english": "en"}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_BINARY_MAGIC = (
    (b"PK\x03\x04", "spreadsheet"),            # xlsx, ods, docx… (zip)
    (b"\xd0\xcf\x11\xe0", "spreadsheet"),      # xls, doc (OLE)
    (b"%PDF-", "binary"),
    (b"\x89PNG", "binary"),
    (b"\xff\xd8\xff", "binary"),
    (b"GIF8", "binary"),
    (b"MZ", "binary"),
    (b"\x7fELF", "binary"),
)
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|\?xml|meta|div|table|a\s)", re.IGNORECASE)


def parse(data: bytes, *, allowed_kinds: list[str] | tuple[str, ...] | None = None,
          today: date | None = None) -> ParseResult:
    """Parse the file; ``allowed_kinds`` (the program's) refuses other kinds, ``today`` refuses future births."""
    result = ParseResult()
    text = _decode(data, result)
    if text is None:
        return result
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip(" \t;,")), None)
    if header_index is None:
        result.errors.append(RowError(None, _("The file is empty.")))
        return result
    delimiter = _sniff_delimiter(lines[header_index])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS:
                break
    except csv.Error:
        result.errors.append(RowError(reader.line_num, _(
            "line %(line)d: the line cannot be read (check the quotation marks).", line=reader.line_num)))
        return result
    columns = _map_header(header or [], result)
    if columns is None:
        return result
    if not rows:
        result.errors.append(RowError(None, _("The file contains no participant (only a header line).")))
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append(RowError(None, _(
            "The file has more than %(max)d participants; import at most %(max)d at a time.", max=MAX_ROWS)))
        return result

    allowed = tuple(allowed_kinds) if allowed_kinds is not None else KINDS
    seen: dict[tuple[str, str, date], int] = {}
    for line, cells in rows:
        row = _parse_row(line, cells, columns, allowed, today, result)
        if row is None:
            continue
        identity = (fold(row.first_name), fold(row.last_name), row.birth_date)
        if identity in seen:
            result.errors.append(RowError(line, _(
                "line %(line)d: %(name)s already appears on line %(other)d.",
                line=line, name=row.full_name, other=seen[identity])))
            continue
        seen[identity] = line
        result.rows.append(row)
    if result.errors:
        result.rows = []  # all or nothing
    return result


def _decode(data: bytes, result: ParseResult) -> str | None:
    if not data or not data.strip():
        result.errors.append(RowError(None, _("The file is empty.")))
        return None
    if len(data) > MAX_BYTES:
        result.errors.append(RowError(None, _(
            "The file is larger than %(size)s; split it in several files.", size="1 MB")))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return _unreadable(result)
    else:
        for magic, kind in _BINARY_MAGIC:
            if data.startswith(magic):
                if kind == "spreadsheet":
                    result.errors.append(RowError(None, _(
                        "This is a spreadsheet or document file, not a CSV file: in your spreadsheet, use "
                        "\"Save as\" and choose \"CSV\".")))
                else:
                    result.errors.append(RowError(None, _("This is not a CSV file.")))
                return None
        if b"\x00" in data:
            result.errors.append(RowError(None, _("This is not a CSV file.")))
            return None
        raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                return _unreadable(result)
    text = text.lstrip("\ufeff")
    if _MARKUP.search(text[:4096].encode("utf-8", "ignore")) or text.lstrip().startswith("<"):
        result.errors.append(RowError(None, _("This is a web page (HTML), not a CSV file.")))
        return None
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        result.errors.append(RowError(None, _("This is not a CSV file.")))
        return None
    return text


def _unreadable(result: ParseResult) -> None:
    result.errors.append(RowError(None, _("The file's characters cannot be read; save it as \"CSV UTF-8\".")))
    return None


def _sniff_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


def _map_header(header: list[str], result: ParseResult) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        column = _HEADERS.get(fold(title))
        if column is None:
            continue  # extra columns are ignored
        if column in columns:
            result.errors.append(RowError(1, _('line 1: the column "%(title)s" appears twice.', title=title.strip())))
            return None
        columns[column] = index
    if "first_name" in columns and "last_name" not in columns and "name" not in columns:
        result.errors.append(RowError(None, _("The file has a first-name column but no last-name column.")))
        return None
    if "last_name" in columns and "first_name" not in columns and "name" not in columns:
        columns["name"] = columns.pop("last_name")  # a lone "nom" column holds the full name
    missing = []
    if "name" not in columns and not ("first_name" in columns and "last_name" in columns):
        missing.append(_("name"))
    if "birth_date" not in columns:
        missing.append(_("date of birth"))
    if "kind" not in columns:
        missing.append(_("kind"))
    if missing:
        result.errors.append(RowError(None, _(
            "The file has no column for: %(columns)s. Expected headers: prénom, nom, courriel, date de naissance, "
            "type, métier (or first_name, last_name, email, birth_date, kind, trade).",
            columns=", ".join(missing))))
        return None
    return columns


def _parse_row(line: int, cells: list[str], columns: dict[str, int], allowed: tuple[str, ...],
               today: date | None, result: ParseResult) -> ParsedRow | None:
    def cell(column: str) -> str:
        index = columns.get(column)
        if index is None or index >= len(cells):
            return ""
        return " ".join(cells[index].split())

    errors_before = len(result.errors)

    def fail(message: str) -> None:
        result.errors.append(RowError(line, message))

    first_name, last_name = cell("first_name"), cell("last_name")
    if "name" in columns and not (first_name or last_name):
        first_name, last_name = _split_name(cell("name"))
    if not first_name or not last_name:
        fail(_("line %(line)d: the first name and the last name are required.", line=line))
    for column, value in (("first_name", first_name), ("last_name", last_name)):
        if value and (starts_like_formula(value) or len(value) > MAX_LENGTHS[column]):
            fail(_('line %(line)d: "%(value)s" is not a valid name.', line=line, value=value[:40]))

    email: str | None = cell("email") or None
    if email is not None:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            fail(_("line %(line)d: the e-mail address %(value)s is not valid.", line=line, value=email[:60]))

    raw_date = cell("birth_date")
    birth_date = _parse_date(raw_date)
    if not raw_date:
        fail(_("line %(line)d: the date of birth is missing.", line=line))
    elif birth_date is None:
        fail(_("line %(line)d: the date of birth %(value)s is not a valid date (use YYYY-MM-DD or DD/MM/YYYY).",
               line=line, value=raw_date[:20]))
    elif birth_date.year < 1900 or (today is not None and birth_date > today):
        fail(_("line %(line)d: the date of birth %(value)s is not plausible.", line=line, value=raw_date))

    raw_kind = cell("kind")
    kind = KIND_ALIASES.get(fold(raw_kind))
    if not raw_kind:
        fail(_("line %(line)d: the kind of participant is missing.", line=line))
    elif kind is None:
        fail(_('line %(line)d: the kind "%(value)s" is unknown (élève, enseignant, personnel, accompagnateur).',
               line=line, value=raw_kind[:40]))
    elif kind not in allowed:
        fail(_('line %(line)d: the kind "%(value)s" is not allowed by this program.', line=line, value=raw_kind))

    trade = cell("trade")
    if len(trade) > MAX_LENGTHS["trade"]:
        fail(_("line %(line)d: the trade is too long (at most %(max)d characters).", line=line,
               max=MAX_LENGTHS["trade"]))

    raw_locale = cell("locale")
    locale = LOCALE_ALIASES.get(fold(raw_locale), None) if raw_locale else "fr"
    if locale is None:
        fail(_('line %(line)d: the language "%(value)s" is unknown (fr or en).', line=line, value=raw_locale[:20]))

    if len(result.errors) > errors_before:
        return None
    assert birth_date is not None and kind is not None and locale is not None  # noqa: S101 (narrows types for the checker; the errors above already returned)
    return ParsedRow(line=line, first_name=first_name, last_name=last_name, email=email, birth_date=birth_date,
                     kind=kind, trade=trade, locale=locale)


def _split_name(value: str) -> tuple[str, str]:
    """ "Tremblay, Marie" → ("Marie", "Tremblay"); "Marie Tremblay" → ("Marie", "Tremblay")."""
    if "," in value:
        last, _sep, first = value.partition(",")
        return first.strip(), last.strip()
    first, _sep, last = value.partition(" ")
    return first.strip(), last.strip()


def _parse_date(value: str) -> date | None:
    match = _ISO_DATE.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _FRENCH_DATE.match(value)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None
