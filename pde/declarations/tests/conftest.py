"""Fixtures of the declarant-side tests: a declarant of Tapachula with a padrón entry,
and a submitted simplified Inicial."""

import pytest

from pde.declarations.services import declarant as services

from .declarant_helpers import fill, make_servant


@pytest.fixture
def tapachula(municipality):
    return municipality("07089")


@pytest.fixture
def declarant(make_user, tapachula):
    return make_user("declarant", entity=tapachula, first_name="María José", last_name="Pérez")


@pytest.fixture
def servant(declarant, tapachula):
    return make_servant(tapachula, declarant)


@pytest.fixture
def submitted(declarant, servant):
    """A submitted simplified Inicial."""
    draft = services.start_declaration(servant=servant, tipo="INICIAL", actor=declarant)
    fill(draft, declarant)
    return services.submit_declaration(draft, actor=declarant)
