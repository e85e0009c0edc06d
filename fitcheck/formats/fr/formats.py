"""French dates: `24/07/2026` when short, `24 juil. 2026` otherwise.

Only what differs from Django's French formats (which write the month in full) is set here.
"""

DATE_FORMAT = "j N Y"  # 24 juil. 2026
DATETIME_FORMAT = r"j N Y \à H:i"  # 24 juil. 2026 à 10:00
