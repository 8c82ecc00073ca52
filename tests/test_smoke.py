from tests.helpers import login


def test_login_page_is_french_by_default(client):
    response = client.get("/compte/connexion")
    assert response.status_code == 200
    assert '<html lang="fr"' in response.get_data(as_text=True)


def test_staff_logs_in_and_sees_home(client, factories):
    staff = factories.user("staff")
    login(client, staff)
    response = client.get("/accueil")
    assert response.status_code == 200
    assert staff.organisation.name in response.get_data(as_text=True)
