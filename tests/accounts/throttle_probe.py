"""Run in a fresh interpreter by test_accounts_throttling.py: Flask-Limiter is one instance per process, set up
when the app is built, and the suite's app has limits off. Builds an app on a temporary SQLite file with limits on
(memory or the given storage), creates two users, then plays the attempts given as JSON and prints the statuses.

    python -m tests.accounts.throttle_probe '<storage uri>' '[["#n" or "#nU" (upper case, spaces), "password",
    "address"], ...]'
"""
from __future__ import annotations

import json
import sys
import tempfile

from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db
from tests.conftest import make_config
from tests.helpers import CSRF_PATTERN


def main(storage: str, attempts: list[list[str]]) -> list[int]:
    from tests import factories

    folder = tempfile.mkdtemp(prefix="throttle-")
    app = create_app(make_config(f"sqlite:///{folder}/p.sqlite3", folder, 0, MAIL_BACKEND="file",
                                 RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage, SERVER_NAME=None,
                                 RATELIMIT_KEY_PREFIX=f"probe-{folder}"))
    with app.app_context():
        upgrade()
        users = [factories.user("coordinator").email for _ in range(2)]
        db.session.commit()
    statuses = []
    for email, password, address in attempts:
        client = app.test_client()
        html = client.get("/compte/connexion", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)
        token = CSRF_PATTERN.search(html).group(1)
        target = users[int(email[1])] if email.startswith("#") else email
        if email.endswith("U"):  # the same account, typed differently
            target = f"  {target.upper()} "
        response = client.post("/compte/connexion", data={"email": target, "password": password, "csrf_token": token},
                               environ_base={"REMOTE_ADDR": address})
        statuses.append(response.status_code)
    return statuses


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], json.loads(sys.argv[2]))))
