"""English dates a reader anywhere can't misread: `24 Jul 2026`, never `07/24/2026`.

Django's English formats are American (month first), which a reader outside the US takes
for day first. Only what differs from Django's English formats is set here.
"""

DATE_FORMAT = "j M Y"  # 24 Jul 2026
DATETIME_FORMAT = "j M Y, H:i"  # 24 Jul 2026, 10:00
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"

# What the pages show, and ISO (what date pickers send, and the admin's first format).
# No numeric day/month forms: 11/12/2026 would be read one way and meant the other.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-07-24
    "%d %b %Y",  # 24 Jul 2026
    "%d %B %Y",  # 24 July 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-07-24 10:00:59
    "%Y-%m-%d %H:%M",  # 2026-07-24 10:00
    "%d %b %Y, %H:%M",  # 24 Jul 2026, 10:00
    "%d %b %Y %H:%M",  # 24 Jul 2026 10:00
    "%d %B %Y, %H:%M",  # 24 July 2026, 10:00
    "%d %B %Y %H:%M",  # 24 July 2026 10:00
]
