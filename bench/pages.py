"""Talking to the portal like a browser does: sessions with cookies, log-in with the CSRF token, links in a page,
and the walk to a list's deepest page (a ``rel="last"`` link, else page=N of a numbered list, else "next" links)."""
from __future__ import annotations

import html
import http.client
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
LINK_TAG = re.compile(r"<link\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
CSRF = re.compile(r"name=\"csrf_token\"[^>]*value=\"([^\"]+)\"|name=\"csrf-token\"[^>]*content=\"([^\"]+)\"")
PAGE_OF = re.compile(r"Page\s+(\d+)\s+(?:of|sur|de)\s+(\d+)", re.IGNORECASE)
LOGIN = "/compte/connexion"
SECOND_FACTOR = "/compte/deux-facteurs"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
NEXT_WORDS = ("next", "suivant", "suivante", "older", "plus anciennes", "plus anciens", "more", "plus")


@dataclass(frozen=True)
class Link:
    href: str
    attributes: dict[str, str]
    text: str


def links(page: str) -> list[Link]:
    found = []
    tags = [(raw, "") for raw in LINK_TAG.findall(page)] + ANCHOR.findall(page)
    for raw_attributes, inner in tags:
        attributes = {name.lower(): html.unescape(value[1:-1]) for name, value in ATTRIBUTE.findall(raw_attributes)}
        if "href" in attributes:
            text = " ".join(re.sub(r"<[^>]+>", " ", inner).split()).lower()
            found.append(Link(attributes["href"], attributes, html.unescape(text)))
    return found


def csrf_token(page: str) -> str | None:
    match = CSRF.search(page)
    return (match.group(1) or match.group(2)) if match else None


def _is(link: Link, word: str) -> bool:
    return word in link.attributes.get("rel", "").lower().split() or word in link.attributes.get("id", "").lower()


def last_link(page: str) -> str | None:
    return next((link.href for link in links(page) if _is(link, "last")), None)


def page_param(url: str) -> int | None:
    value = dict(parse_qsl(urlsplit(url).query)).get("page", "")
    return int(value) if value.isdigit() else None


def with_page(url: str, number: int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query["page"] = str(number)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def next_link(page: str, current_url: str) -> str | None:
    """rel="next" (or an id naming it), else a link to page=current+1, else a link whose text says next/older."""
    candidates = [link for link in links(page) if not link.href.startswith(("#", "javascript:"))]
    for link in candidates:
        if _is(link, "next"):
            return link.href
    current = page_param(current_url) or 1
    path = urlsplit(current_url).path
    for link in candidates:
        if urlsplit(link.href).path in ("", path) and page_param(link.href) == current + 1:
            return link.href
    for link in candidates:
        if urlsplit(link.href).path in ("", path) and link.text in NEXT_WORDS:
            return link.href
    return None


def page_count(page: str) -> int | None:
    match = PAGE_OF.search(re.sub(r"<[^>]+>", " ", page))
    return int(match.group(2)) if match else None


@dataclass(frozen=True)
class Deep:
    url: str
    depth: int  # page number reached (1 = the first page)
    how: str


def deepest(fetch, start_url: str, max_steps: int = 200, time_budget: float = 120.0) -> Deep:
    """The deepest page of a list. fetch(url) -> html. Numbered lists jump to their last page; cursor lists are
    walked through their "next" links (at most max_steps pages or time_budget seconds: then that depth is used)."""
    page = fetch(start_url)
    last = last_link(page)
    if last:
        return Deep(last, page_count(page) or 0, 'rel="last" link')
    following = next_link(page, start_url)
    if following is None:
        return Deep(start_url, 1, "single page")
    if page_param(following) is not None and page_count(page):
        total = page_count(page)
        return Deep(with_page(start_url, total), total, f"page={total} of a numbered list")
    url, depth, started = start_url, 1, time.monotonic()
    while following is not None and depth < max_steps and time.monotonic() - started < time_budget:
        url, depth = following, depth + 1
        page = fetch(url)
        following = next_link(page, url)
    how = "last page by next links" if following is None else f"stopped after {depth} pages of next links"
    return Deep(url, depth, how)


class Session:
    """A browser-like client for one host: keeps cookies, follows nothing, answers (status, headers, body)."""

    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 600.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, body=None, headers: dict[str, str] | None = None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout, blocksize=1024 * 1024)
        try:
            all_headers = dict(headers or {})
            if self.cookies:
                all_headers["Cookie"] = self.cookie_header()
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name.strip()] = rest.split(";")[0]
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            conn.close()

    def get(self, path: str):
        return self.request("GET", path)

    def text(self, path: str) -> str:
        status, _, data = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        return data.decode("utf-8", "replace")

    def login(self, email: str, password: str, totp_secret: str | None = None) -> None:
        """Log in through the form; when the portal asks for the second factor, answer with a code of totp_secret."""
        _, _, data = self.get(LOGIN)
        body = urlencode({"csrf_token": csrf_token(data.decode()) or "", "email": email, "password": password})
        status, answer, _ = self.request("POST", LOGIN, body=body, headers=FORM)
        if status != 302:
            raise RuntimeError(f"log-in of {email} failed: HTTP {status}")
        if urlsplit(answer.get("location", "")).path == SECOND_FACTOR:
            if not totp_secret:
                raise RuntimeError(f"log-in of {email} asks for a second factor and the bench has no secret for it")
            self.second_factor(email, totp_secret)

    def second_factor(self, email: str, secret: str) -> None:
        """The code step. A code is accepted once per 30 s step (replays are refused), so when this account already
        logged in during this step, the next step's code (accepted: clocks drift) or, failing it, a later one."""
        import pyotp

        totp = pyotp.TOTP(secret)
        first = totp.timecode(datetime.now(UTC))
        for step in (first, first + 1, first + 2):
            while totp.timecode(datetime.now(UTC)) < step - 1:  # the portal accepts one step ahead at most
                time.sleep(1)
            _, _, data = self.get(SECOND_FACTOR)
            body = urlencode({"csrf_token": csrf_token(data.decode()) or "", "code": totp.generate_otp(step)})
            status, _, _ = self.request("POST", SECOND_FACTOR, body=body, headers=FORM)
            if status == 302:
                return
        raise RuntimeError(f"second factor of {email} refused")
