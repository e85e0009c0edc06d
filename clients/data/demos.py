"""The demo consultants that `manage.py seed_demo` creates: one data module each.

A demo data module holds plain data: USERNAME, PASSWORD, LANGUAGE (of the pages; blank: the
browser's), TIME_ZONE, BOUNDARIES and CLIENTS, in the shape `demo.py` describes. seed_demo
runs its DEMO_STEPS for each module below; an extra for every demo consultant (an own flag
catalogue, planned contacts) is a step there that reads its own name from the module.
"""

from . import demo, demo_fr

DEMOS = [demo, demo_fr]
