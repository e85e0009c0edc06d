"""The Nu HTML Checker helper finds real errors and names the page (so a clean report means
something)."""

from .nu import nu_errors

PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
    "<body>{}</body></html>"
)


def test_it_names_the_page_and_the_error():
    errors = nu_errors(
        {"valid": PAGE.format("<p>fine</p>"), "broken": PAGE.format("<p><ul></ul></p>")}
    )

    assert len(errors) == 1
    assert errors[0].startswith("broken: line 1: No “p” element in scope")


def test_it_lets_the_popover_attributes_through():
    menu = '<button type="button" popovertarget="m">Menu</button><div id="m" popover>x</div>'

    assert nu_errors({"menu": PAGE.format(menu)}) == []
