"""A dashboard row (a table row on a laptop, a card on a phone) is cached under the values it
shows (clients/dashboard.py ROW_VALUES): every value the row reads must be one of them."""

import re
from pathlib import Path

from clients.dashboard import ROW_VALUES

DASHBOARD = Path(__file__).resolve().parent.parent / "clients/templates/clients/dashboard.html"


def test_it_keys_each_cached_row_on_every_client_value_it_shows():
    source = DASHBOARD.read_text()
    row = re.search(r"{% cache [^%]*client-row .*?{% endcache %}", source, re.S).group()

    read = set(re.findall(r"\bclient\.(\w+)", row))
    # get_status_display shows `status`.
    shown = {re.sub(r"^get_(\w+)_display$", r"\1", name) for name in read}
    assert shown and shown <= set(ROW_VALUES), shown - set(ROW_VALUES)
