"""The shipped 锦州 pages, with their long tables and many sections, are accessible too."""

import pytest

from tests.test_accessibility import (
    test_every_page_has_landmarks_one_h1_captions_header_cells_and_labels as over_the_pages,
)


@pytest.mark.slow
def test_every_seeded_page_has_landmarks_one_h1_captions_header_cells_and_labels(client):
    over_the_pages(client)
