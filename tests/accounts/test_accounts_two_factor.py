"""Issue 12: the optional TOTP second factor with hashed single-use recovery codes, required for the roles of
TOTP_REQUIRED_ROLES (admin and ministry in production)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyotp
import pytest

from portal.extensions import db
from portal.models import User
from tests.factories import PASSWORD
from tests.helpers import csrf_token, fresh_client, login, post

SETUP = "/compte/deux-facteurs/activer"
STEP = "/compte/deux-facteurs"


def set_up(browser) -> tuple[str, list[str]]:
    """Through the page: read the key, type the current code, get the recovery codes."""
    html = browser.get(SETUP).get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', html).group(1)
    response = post(browser, SETUP, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = re.findall(r"<li>([A-Z0-9]{5}-[A-Z0-9]{5})</li>", response.get_data(as_text=True))
    return secret, codes


@pytest.fixture
def enrolled(app, factories):
    user = factories.user("coordinator")
    browser = fresh_client(app)
    login(browser, user)
    secret, codes = set_up(browser)
    return user, secret, codes


def password_step(app, user):
    browser = fresh_client(app)
    response = post(browser, "/compte/connexion", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == STEP
    return browser


def is_logged_in(browser) -> bool:
    return browser.get("/accueil").status_code == 200


def test_setting_up_keeps_only_digests_of_ten_recovery_codes(enrolled):
    user, secret, codes = enrolled
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.totp_secret == secret
    assert len(codes) == 10 and len(set(codes)) == 10
    assert not any(code in (stored.recovery_code_hashes or "") for code in codes)
    assert len(stored.recovery_code_hashes.split()) == 10


def test_a_wrong_code_does_not_set_it_up(app, factories):
    user = factories.user("coordinator")
    browser = fresh_client(app)
    login(browser, user)
    browser.get(SETUP)
    assert post(browser, SETUP, {"code": "000000"}).status_code == 422
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret is None


def test_the_password_alone_no_longer_logs_in(app, enrolled):
    user, _secret, _codes = enrolled
    browser = password_step(app, user)
    assert not is_logged_in(browser)
    assert post(browser, STEP, {"code": "123456"}).status_code == 422
    assert not is_logged_in(browser)


def test_a_code_from_the_app_completes_the_log_in_once(app, enrolled):
    user, secret, _codes = enrolled
    browser = password_step(app, user)
    code = pyotp.TOTP(secret).now()
    # The code used to set up was this time step's: a new step's code is needed, or a recovery code.
    db.session.execute(db.update(User).where(User.id == user.id).values(totp_last_step=0))
    db.session.commit()
    assert post(browser, STEP, {"code": code}).status_code == 302
    assert is_logged_in(browser)
    replay = password_step(app, user)
    assert post(replay, STEP, {"code": code}).status_code == 422  # the same code cannot be used twice


def test_a_recovery_code_logs_in_once(app, enrolled):
    user, _secret, codes = enrolled
    browser = password_step(app, user)
    assert post(browser, STEP, {"code": codes[0].lower()}).status_code == 302
    assert is_logged_in(browser)
    again = password_step(app, user)
    assert post(again, STEP, {"code": codes[0]}).status_code == 422


def test_the_code_step_without_a_password_goes_back_to_log_in(client):
    response = client.post(STEP, data={"code": "123456", "csrf_token": csrf_token(client)})
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/compte/connexion"


def test_required_roles_reach_nothing_before_setting_it_up(app, factories, monkeypatch):
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_ROLES", ["admin", "ministry"])
    officer, staff = factories.user("ministry"), factories.user("staff")
    browser = fresh_client(app)
    login(browser, officer)
    response = browser.get("/accueil")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == SETUP
    set_up(browser)
    assert browser.get("/accueil").status_code == 200
    other = fresh_client(app)
    login(other, staff)
    assert other.get("/accueil").status_code == 200  # staff are not asked


def test_production_requires_it_for_admin_and_ministry_by_default(tmp_path):
    from portal import create_app
    from tests.conftest import make_config

    app = create_app(make_config(f"sqlite:///{tmp_path}/u.sqlite3", str(tmp_path), 25, PORTAL_ENV="production",
                                 SECRET_KEY="k" + "Zx8#pQ2m" * 6, PUBLIC_BASE_URL="https://mobilite.example",
                                 SERVER_NAME=None))
    assert app.config["TOTP_REQUIRED_ROLES"] == ["admin", "ministry"]
