import pytest


@pytest.mark.django_db
def test_home_page_is_spanish_for_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Iniciar sesión" in response.content.decode()
