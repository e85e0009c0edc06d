"""The demo consultant's clients, written by hand so every page has something true to show.

Plain data, read by `manage.py seed_demo` (clients/data/demos.py lists the demo consultants;
`demo_fr.py` tells the same story in French). Times are days before today, in the demo
consultant's time zone (TIME_ZONE), so the demo always looks current. A flag seen is `(key,
strength, evidence)`, or `(key, strength, evidence, boundary)` when it says which of the
consultant's boundaries was respected or crossed. An interaction of this morning gives
`this_morning` (hour, minute) instead of `days_ago`.
Review ratings follow PhaseReview.RATING_FIELDS: communication, expectations, collaboration,
boundaries, satisfaction.

A review's `checkpoint` is the decision taken after it: continue, change (what changes) or
end (why), which completes the client.

The clients cover every status, stage and fit band, and every page has something to show: a
decision ready to take (Sora Tea House), one still within its reflection period (Alder
Street Clinic), a phase review due (Greenleaf Co-op), a bad phase with its checkpoint still
to take (Northwind Logistics), clients ended after a phase (Harbor & Finch Legal, Meridian
Hotels), open questions, a stretch client and its lesson (Kestrel Robotics), plenty of
evidence but no phase reviewed yet (Tidewater Analytics). Nine have phase reviews whose
outcomes go from bad to good, with a first gut feeling that is sometimes right and sometimes
wrong, so the calibration page has something to say; two polished, polite clients turned out
badly, so it suggests a new weight.
"""

USERNAME = "demo"
PASSWORD = "fitcheck-demo"
# The language of the pages (Settings): blank, the browser's.
LANGUAGE = ""
# The demo consultant's time zone (Settings): every demo time is a time of day there.
TIME_ZONE = "Europe/Paris"

BOUNDARIES = {
    "evenings": "No calls after 19:00",
    "change-requests": "Scope changes go through a written change request",
    "weekends": "Weekends are off",
    "invoices": "Invoices paid within 30 days",
    "replies": "Replies within two working days, not within the hour",
}

CLIENTS = [
    {
        "name": "Lumen Studio",
        "organisation": "Lumen Studio SARL",
        "contact": "Claire Dubois, founder — claire@lumen.example",
        "source": "Referral from Quill & Ink",
        "breed": "golden_retriever",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 250,
                "kind": "discovery",
                "gut": 2,
                "notes": (
                    "Claire runs a six-person design studio and wants a booking tool for their "
                    "workshops. She had a one-page brief ready, asked what I needed from her, "
                    "and laughed about their 'spreadsheet of doom'."
                ),
                "questions": "Who signs off on the designs?\nIs the launch date fixed?",
                "flags": [
                    ("communicates-clearly", 3, "Here's the brief, and here's what we don't know."),
                    ("as-motivated", 2, "We've wanted this fixed for two years."),
                    ("sense-of-humour", 2, "Our spreadsheet of doom has its own fan club."),
                ],
            },
            {
                "days_ago": 246,
                "kind": "meeting",
                "gut": 2,
                "notes": "Walked through the workshop flow with her and the ops lead.",
                "flags": [
                    ("we-attitude", 2, "What should we cut so we launch in spring?"),
                    (
                        "respects-boundaries",
                        2,
                        "Let's talk tomorrow, it's late for you.",
                        "evenings",
                    ),
                ],
            },
        ],
        "decision": {
            "days_ago": 244,
            "kind": "accept",
            "reason": "Clear brief, same drive, and a friendly team.",
        },
        "projects": [
            {
                "name": "Workshop booking",
                "description": "Booking and payments for the studio's public workshops.",
                "phases": [
                    {
                        "name": "Design and prototype",
                        "starts": 240,
                        "ends": 200,
                        "review": {
                            "days_ago": 197,
                            "checkpoint": {"days_ago": 196, "kind": "continue"},
                            "ratings": (5, 5, 5, 4, 5),
                            "again": True,
                            "learned": "A written brief up front saves weeks later.",
                            "flags": [
                                (
                                    "constructive-feedback",
                                    3,
                                    "Step 3 loses people: they can't see the price.",
                                ),
                                ("raises-doubts-early", 2, "I'm worried the calendar is too busy."),
                            ],
                        },
                    },
                    {
                        "name": "Build and launch",
                        "starts": 199,
                        "ends": 130,
                        "review": {
                            "days_ago": 126,
                            "checkpoint": {
                                "days_ago": 125,
                                "kind": "end",
                                "reason": "Launched, and the studio runs it on its own now.",
                            },
                            "ratings": (5, 4, 5, 5, 5),
                            "again": True,
                            "learned": "Weekly demos kept us honest on both sides.",
                            "flags": [
                                (
                                    "collaborative-negotiation",
                                    2,
                                    "If we move the launch, can we keep payments?",
                                ),
                                (
                                    "respects-boundaries",
                                    3,
                                    "Invoice paid the day it arrived.",
                                    "invoices",
                                ),
                            ],
                        },
                    },
                ],
            }
        ],
    },
    {
        "name": "Northwind Logistics",
        "organisation": "Northwind Logistics Ltd",
        "contact": "Marcus Hale, head of operations",
        "source": "LinkedIn",
        "breed": "pit_bull",
        "status": "active",
        "interactions": [
            {
                "days_ago": 200,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Marcus wants their driver scheduling moved off paper before peak season. "
                    "Very driven, talks fast, knows exactly what hurts."
                ),
                "questions": "Who owns the data today?",
                "flags": [
                    ("as-motivated", 3, "Peak season is in October and we're not ready."),
                    ("communicates-clearly", 2, "Drivers, routes, depots: that's the whole thing."),
                ],
            },
            {
                "days_ago": 120,
                "kind": "call",
                "gut": 0,
                "notes": "He called on a Saturday about a new report nobody had mentioned before.",
                "questions": "Is the depot report part of phase 2 or a change request?",
                "flags": [
                    ("inconsistent-expectations", 2, "I assumed the reports were in the price."),
                    ("crosses-boundaries", 2, "Sorry, Saturday is the only quiet day.", "weekends"),
                ],
            },
            {
                "days_ago": 35,
                "kind": "meeting",
                "gut": -1,
                "notes": "Tense steering meeting; the scope of phase 3 keeps moving.",
                "questions": "Can we freeze phase 3 in writing?\nWho arbitrates between depots?",
                "flags": [
                    ("inconsistent-expectations", 3, "That's not what we agreed, I think."),
                    ("miscommunication", 2, "I thought you knew the depots had different rules."),
                ],
            },
        ],
        "decision": {
            "days_ago": 196,
            "kind": "accept",
            "reason": "Urgent, concrete problem and a decision-maker in the room.",
        },
        "projects": [
            {
                "name": "Driver scheduling",
                "description": "Replace the paper rota with a shared schedule.",
                "phases": [
                    {
                        "name": "Pilot depot",
                        "starts": 190,
                        "ends": 130,
                        "review": {
                            "days_ago": 127,
                            "checkpoint": {
                                "days_ago": 126,
                                "kind": "change",
                                "reason": (
                                    "Weekly check-ins with each depot "
                                    "manager, not only with Marcus."
                                ),
                            },
                            "ratings": (4, 3, 4, 4, 4),
                            "again": True,
                            "learned": "He decides fast; I should write decisions down as fast.",
                            "flags": [
                                ("as-motivated", 2, "The drivers love it, let's roll it out.")
                            ],
                        },
                    },
                    {
                        "name": "All depots",
                        "starts": 129,
                        "ends": 40,
                        "review": {
                            "days_ago": 36,
                            "ratings": (2, 1, 3, 2, 2),
                            "again": False,
                            "learned": "Agree on change requests before phase 1, not after.",
                            "flags": [
                                ("inconsistent-expectations", 3, "We always wanted it on tablets."),
                                (
                                    "crosses-boundaries",
                                    2,
                                    "Can you just add it, it's small?",
                                    "change-requests",
                                ),
                            ],
                        },
                    },
                    {"name": "Reporting", "starts": 30, "ends": -40},
                ],
            }
        ],
    },
    {
        "name": "Harbor & Finch Legal",
        "organisation": "Harbor & Finch LLP",
        "contact": "Eleanor Finch, managing partner",
        "source": "Conference talk",
        "breed": "poodle",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 300,
                "kind": "discovery",
                "gut": 2,
                "notes": (
                    "Impressive offices, polished pitch. Eleanor wants a client portal and "
                    "'the best people'. Lovely call; I came out flattered."
                ),
                "questions": "Who will I work with day to day?",
                "flags": [
                    ("professional-polite", 3, "We only work with the best, and we checked."),
                    ("communicates-clearly", 2, "A portal, secure, elegant, by summer."),
                ],
            },
            {
                "days_ago": 280,
                "kind": "meeting",
                "gut": 1,
                "notes": "Met the associate who will run it: he takes orders, not questions.",
                "flags": [("boss-subordinate", 1, "Just do what the partners said.")],
            },
        ],
        "decision": {
            "days_ago": 278,
            "kind": "accept",
            "reason": "Prestigious client, good budget.",
        },
        "projects": [
            {
                "name": "Client portal",
                "description": "A secure document portal for the firm's clients.",
                "phases": [
                    {
                        "name": "Portal v1",
                        "starts": 270,
                        "ends": 180,
                        "review": {
                            "days_ago": 175,
                            "checkpoint": {
                                "days_ago": 174,
                                "kind": "end",
                                "reason": (
                                    "They rewrite the brief every week: not worth another phase."
                                ),
                            },
                            "ratings": (2, 1, 1, 1, 1),
                            "again": False,
                            "learned": "A great first call says little about the day-to-day.",
                            "notes": "Paid 75 days late after three reminders.",
                            "flags": [
                                ("boss-subordinate", 3, "You're the supplier, we're the client."),
                                (
                                    "crosses-boundaries",
                                    3,
                                    "Eleanor expects a call back tonight.",
                                    "evenings",
                                ),
                                (
                                    "crosses-boundaries",
                                    2,
                                    "Accounts pays when it pays.",
                                    "invoices",
                                ),
                                ("vague-feedback", 2, "It's just not quite right."),
                            ],
                        },
                    }
                ],
            }
        ],
    },
    {
        "name": "Kestrel Robotics",
        "organisation": "Kestrel Robotics GmbH",
        "contact": "Jonas Weber, CTO",
        "source": "Inbound, via my blog",
        "breed": "chihuahua",
        "status": "active",
        "interactions": [
            {
                "days_ago": 150,
                "kind": "discovery",
                "gut": -1,
                "notes": (
                    "Jonas challenged every sentence and sent me three papers during the call. "
                    "Exhausting, but he listened when I pushed back."
                ),
                "questions": "How many people review the firmware changes?",
                "flags": [
                    ("emotionally-reactive", 1, "No, no, that's exactly the naive approach."),
                    ("listens-with-empathy", 1, "Fair point, I hadn't thought of the operators."),
                ],
            },
            {
                "days_ago": 145,
                "kind": "call",
                "gut": 0,
                "notes": "Second call went better once I came with data of my own.",
                "flags": [
                    ("raises-doubts-early", 2, "I doubt our logs are good enough, say so if not.")
                ],
            },
        ],
        "decision": {
            "days_ago": 143,
            "kind": "stretch",
            "reason": "Hard to work with, but the problem is fascinating.",
            "learning_goal": (
                "Hold my ground with a very technical founder without getting defensive."
            ),
        },
        "projects": [
            {
                "name": "Fleet telemetry",
                "description": "Dashboards over the robots' telemetry.",
                "phases": [
                    {
                        "name": "Data pipeline",
                        "starts": 140,
                        "ends": 80,
                        "review": {
                            "days_ago": 77,
                            "checkpoint": {
                                "days_ago": 76,
                                "kind": "change",
                                "reason": "Decisions in writing after each call, the same day.",
                            },
                            "ratings": (3, 4, 4, 4, 4),
                            "again": True,
                            "learned": "Numbers defuse a debate with him; he respects evidence.",
                            "flags": [
                                (
                                    "constructive-feedback",
                                    3,
                                    "Your schema breaks on reboot, here's a trace.",
                                ),
                                (
                                    "asks-for-help",
                                    2,
                                    "Can you explain how you'd model this? I'm stuck.",
                                ),
                                ("emotionally-reactive", 1, "Why is this still slow?!"),
                            ],
                        },
                    },
                    {"name": "Dashboards", "starts": 75, "ends": -15},
                ],
            }
        ],
    },
    {
        "name": "Maple Row Bakery",
        "organisation": "Maple Row Bakery",
        "contact": "Tom Okafor, owner",
        "source": "Local business network",
        "breed": "basset_hound",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 220,
                "kind": "discovery",
                "gut": 0,
                "notes": "Tom wants online pre-orders. Friendly, but a month to answer my quote.",
                "flags": [
                    ("professional-polite", 2, "Thank you for your patience with us."),
                    ("less-motivated", 1, "No rush, really, whenever you can."),
                ],
            },
            {
                "days_ago": 190,
                "kind": "email",
                "notes": "Finally a yes, with a small budget.",
                "flags": [("win-win", 1, "Can we pay part of it in bread? Joking. Mostly.")],
            },
        ],
        "decision": {
            "days_ago": 188,
            "kind": "accept",
            "reason": "Small, well-defined job for a local business.",
        },
        "projects": [
            {
                "name": "Pre-orders",
                "phases": [
                    {
                        "name": "Online pre-orders",
                        "starts": 180,
                        "ends": 120,
                        "review": {
                            "days_ago": 110,
                            "checkpoint": {
                                "days_ago": 109,
                                "kind": "end",
                                "reason": "Pre-orders are live and nothing more is planned.",
                            },
                            "ratings": (3, 3, 3, 4, 3),
                            "again": True,
                            "learned": "Slow clients need deadlines written into the plan.",
                            "flags": [
                                ("vague-feedback", 2, "It's fine, I suppose."),
                                (
                                    "respects-boundaries",
                                    2,
                                    "I'll wait till Monday, enjoy your weekend.",
                                    "weekends",
                                ),
                            ],
                        },
                    }
                ],
            }
        ],
    },
    {
        "name": "Orbit Fitness",
        "organisation": "Orbit Fitness Group",
        "contact": "Dana Reyes, marketing director",
        "source": "Agency subcontract",
        "breed": "pit_bull",
        "status": "active",
        "interactions": [
            {
                "days_ago": 110,
                "kind": "discovery",
                "gut": -1,
                "notes": (
                    "Dana wants a member app 'like the big chains' for a third of the price. "
                    "Pushed hard on the day rate before we talked about the problem."
                ),
                "questions": "What happens if the launch slips?\nWho tests with members?",
                "flags": [
                    ("win-lose-haggling", 2, "Everyone else quoted less, so meet me halfway."),
                    ("as-motivated", 1, "Members keep asking for this."),
                ],
            },
        ],
        "decision": {
            "days_ago": 105,
            "kind": "accept",
            "reason": "Needed the work this quarter; scope kept small.",
        },
        "projects": [
            {
                "name": "Member app",
                "phases": [
                    {
                        "name": "Class booking",
                        "starts": 100,
                        "ends": 50,
                        "review": {
                            "days_ago": 46,
                            "checkpoint": {
                                "days_ago": 45,
                                "kind": "change",
                                "reason": (
                                    "A fixed scope per sprint; "
                                    "changes only through a written request."
                                ),
                            },
                            "ratings": (2, 2, 2, 2, 2),
                            "again": False,
                            "learned": "My gut said no; next time I listen to it.",
                            "flags": [
                                ("boss-subordinate", 2, "I'm paying, so it's my call."),
                                (
                                    "hides-problems",
                                    2,
                                    "Oh, the old system? It's been down for weeks.",
                                ),
                                ("crosses-boundaries", 1, "Quick call at 21:00?", "evenings"),
                            ],
                        },
                    },
                    {"name": "Loyalty programme", "starts": 45, "ends": -30},
                ],
            }
        ],
    },
    {
        "name": "Greenleaf Co-op",
        "organisation": "Greenleaf Food Co-operative",
        "contact": "Priya Nair, coordinator",
        "source": "Referral from Lumen Studio",
        "breed": "golden_retriever",
        "status": "active",
        "interactions": [
            {
                "days_ago": 130,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "A food co-op of 400 members; volunteers run everything. Priya listens "
                    "well and brought two volunteers to the call."
                ),
                "flags": [
                    ("listens-with-empathy", 2, "What would make this easier for you?"),
                    ("we-attitude", 3, "We'll figure it out together, we always do."),
                ],
            },
            {
                "days_ago": 20,
                "kind": "meeting",
                "gut": 1,
                "notes": "Demo of phase 2 to the volunteers; lots of good questions.",
                "questions": "Do the volunteers need training sessions?",
                "flags": [("constructive-feedback", 2, "Print view please, half of us use paper.")],
            },
        ],
        "decision": {
            "days_ago": 126,
            "kind": "accept",
            "reason": "Meaningful project and a team that collaborates.",
        },
        "projects": [
            {
                "name": "Member portal",
                "phases": [
                    {
                        "name": "Member sign-up",
                        "starts": 120,
                        "ends": 70,
                        "review": {
                            "days_ago": 66,
                            "checkpoint": {"days_ago": 65, "kind": "continue"},
                            "ratings": (4, 4, 5, 4, 4),
                            "again": True,
                            "learned": "Volunteers need shorter meetings and clearer handovers.",
                            "flags": [
                                (
                                    "asks-for-help",
                                    2,
                                    "We don't know how to test this, can you show us?",
                                )
                            ],
                        },
                    },
                    # Ended without a review yet: the dashboard shows it as due.
                    {"name": "Ordering", "starts": 69, "ends": 6},
                ],
            }
        ],
    },
    {
        "name": "Blue Heron Architects",
        "organisation": "Blue Heron Architects",
        "contact": "Samuel Brandt, partner",
        "source": "Website contact form",
        "breed": "",
        "status": "deciding",
        "interactions": [
            {
                "days_ago": 12,
                "kind": "discovery",
                "gut": 0,
                "notes": (
                    "Three partners, three different ideas of the project: a website, a "
                    "project tracker, or both. Courteous, but no one owns the decision."
                ),
                "questions": (
                    "Who decides between the website and the tracker?\n"
                    "What is the budget range?\n"
                    "Is there a deadline?"
                ),
                "flags": [
                    ("professional-polite", 2, "Thank you for making time for the three of us."),
                    ("miscommunication", 2, "I thought we said website — no, the tracker."),
                    ("inconsistent-expectations", 2, "Both, ideally, for the same budget."),
                ],
            },
            {
                "days_ago": 8,
                "kind": "email",
                "notes": "They will 'come back after the partners' meeting'.",
                "flags": [("raises-doubts-early", 1, "Honestly, we're not aligned yet.")],
            },
        ],
        "decision": {
            "days_ago": 7,
            "kind": "need_info",
            "reason": "Waiting for the partners to agree on the scope.",
        },
    },
    {
        "name": "Vantage Capital",
        "organisation": "Vantage Capital Partners",
        "contact": "Richard Stone",
        "source": "Cold email",
        "breed": "pit_bull",
        "status": "declined",
        "interactions": [
            {
                "days_ago": 60,
                "kind": "discovery",
                "gut": -2,
                "notes": (
                    "Wanted a fixed price before describing the problem, then a 40 % discount "
                    "'for the reference'. Called twice after 20:00 the same week."
                ),
                "flags": [
                    ("win-lose-haggling", 3, "Your competitors will do it for half."),
                    (
                        "crosses-boundaries",
                        3,
                        "I'll call you tonight, keep your phone on.",
                        "evenings",
                    ),
                    ("impolite", 2, "Let's not waste time on your process."),
                ],
            },
        ],
        "decision": {
            "days_ago": 57,
            "kind": "decline",
            "reason": "Haggling before the problem, and no respect for my evenings.",
        },
    },
    {
        "name": "Sora Tea House",
        "organisation": "Sora Tea House",
        "contact": "Yuki Tanaka, owner",
        "source": "Instagram",
        "breed": "basset_hound",
        "status": "discovery",
        "interactions": [
            {
                "days_ago": 3,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Yuki wants an online shop for their teas. Calm, thoughtful, asked how I "
                    "like to work before talking about features."
                ),
                "questions": "How many products at launch?\nWho takes the photos?",
                "flags": [
                    (
                        "respects-boundaries",
                        1,
                        "When are you available? I'll fit around you.",
                        "replies",
                    ),
                    ("listens-with-empathy", 2, "How do you like to work with clients?"),
                    ("as-motivated", 2, "This shop is my retirement plan, I'm all in."),
                ],
            },
        ],
    },
    {
        "name": "Pixelforge Games",
        "organisation": "Pixelforge Games",
        "contact": "Alex Moreau",
        "source": "Meetup",
        "breed": "chihuahua",
        "status": "lead",
        "interactions": [
            {
                "days_ago": 2,
                "kind": "email",
                "notes": "Short email after the meetup: wants to talk about a community site.",
                "questions": "Book a discovery call",
                "flags": [],
            },
        ],
    },
    {
        "name": "Atlas Relocation",
        "organisation": "Atlas Relocation Services",
        "contact": "Bernard Klein",
        "source": "Directory listing",
        "breed": "",
        "status": "declined",
        "archived": True,
        "interactions": [
            {
                "days_ago": 400,
                "kind": "discovery",
                "gut": -1,
                "notes": "Wanted everything by next week and refused to discuss priorities.",
                "flags": [
                    ("inconsistent-expectations", 2, "Everything is priority one."),
                    ("emotionally-reactive", 2, "Why is everyone so slow?!"),
                ],
            },
        ],
        "decision": {
            "days_ago": 398,
            "kind": "decline",
            "reason": "Unrealistic deadline and no room to talk about it.",
        },
    },
    {
        "name": "Quill & Ink Publishing",
        "organisation": "Quill & Ink Publishing",
        "contact": "Margot Ellis, editor-in-chief",
        "source": "Former colleague",
        "breed": "golden_retriever",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 330,
                "kind": "discovery",
                "gut": -1,
                "notes": (
                    "Margot seemed distracted and vague about what she wanted; I nearly said "
                    "no. Turned out she was closing an issue that day."
                ),
                "flags": [("vague-feedback", 1, "Something modern? You'll know better.")],
            },
            {
                "days_ago": 320,
                "kind": "meeting",
                "gut": 1,
                "notes": "Much better in person: clear goals and a shared sense of humour.",
                "flags": [
                    ("communicates-clearly", 2, "Authors first, readers second, us last."),
                    ("sense-of-humour", 2, "Our CMS was installed by a poet."),
                ],
            },
        ],
        "decision": {
            "days_ago": 318,
            "kind": "accept",
            "reason": "The second meeting changed my mind.",
        },
        "projects": [
            {
                "name": "Author portal",
                "phases": [
                    {
                        "name": "Manuscript submissions",
                        "starts": 310,
                        "ends": 240,
                        "review": {
                            "days_ago": 236,
                            "checkpoint": {
                                "days_ago": 235,
                                "kind": "end",
                                "reason": "Done, and they referred Lumen Studio to me.",
                            },
                            "ratings": (5, 5, 5, 5, 5),
                            "again": True,
                            "learned": "A bad first call may be a bad day: meet twice.",
                            "flags": [
                                (
                                    "constructive-feedback",
                                    3,
                                    "Authors get lost at step two; here's why.",
                                ),
                                ("we-attitude", 3, "Our portal, not your portal."),
                                (
                                    "respects-boundaries",
                                    2,
                                    "Paid in ten days, as agreed.",
                                    "invoices",
                                ),
                            ],
                        },
                    }
                ],
            }
        ],
    },
    {
        "name": "Meridian Hotels",
        "organisation": "Meridian Hotels Group",
        "contact": "Sophie Laurent, digital programme manager",
        "source": "Tender",
        "breed": "poodle",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 170,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Two people from the digital team and one from procurement. Impeccable "
                    "slides, thanked me twice for my time; nobody said what happens if the "
                    "booking journey stays as it is."
                ),
                "questions": "Who owns the booking journey?\nWhat does procurement need from me?",
                "flags": [
                    ("professional-polite", 3, "We really appreciate your time and expertise."),
                    ("communicates-clearly", 1, "The goal is a smoother booking journey."),
                ],
            },
            {
                "days_ago": 160,
                "kind": "meeting",
                "gut": 1,
                "notes": "Procurement meeting: courteous, thorough, fifteen forms.",
                "flags": [
                    ("professional-polite", 2, "Thank you, this is very thorough."),
                    ("less-motivated", 1, "We'll see what the regional managers say."),
                ],
            },
        ],
        "decision": {
            "days_ago": 158,
            "kind": "accept",
            "reason": "Large client, polished team, budget approved.",
        },
        "projects": [
            {
                "name": "Booking journey audit",
                "phases": [
                    {
                        "name": "Audit and recommendations",
                        "starts": 150,
                        "ends": 95,
                        "review": {
                            "days_ago": 90,
                            "checkpoint": {
                                "days_ago": 89,
                                "kind": "end",
                                "reason": (
                                    "The audit is delivered; a rebuild with "
                                    "the same confusion is not for me."
                                ),
                            },
                            "ratings": (3, 2, 2, 3, 2),
                            "again": False,
                            "learned": (
                                "Politeness is not commitment: ask who decides and what "
                                "happens if nothing changes."
                            ),
                            "flags": [
                                (
                                    "vague-feedback",
                                    2,
                                    "Interesting, we'll circulate it internally.",
                                ),
                                (
                                    "hides-problems",
                                    2,
                                    "The booking engine contract was renewed last month, actually.",
                                ),
                            ],
                        },
                    }
                ],
            }
        ],
    },
    {
        # Plenty of evidence, but no phase together yet: first impressions only.
        "name": "Tidewater Analytics",
        "organisation": "Tidewater Boxes Ltd",
        "contact": "Inês Carvalho, head of data",
        "source": "Referral from Kestrel Robotics",
        "breed": "golden_retriever",
        "status": "active",
        "interactions": [
            {
                "days_ago": 45,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Inês wants to understand why subscribers cancel. She came with a clean "
                    "export and a list of hypotheses, and said which ones she doubts."
                ),
                "flags": [
                    (
                        "communicates-clearly",
                        3,
                        "Here are our five guesses; tell us which are wrong.",
                    ),
                    (
                        "as-motivated",
                        2,
                        "Churn doubled this year; it's the board's first question.",
                    ),
                    (
                        "asks-for-help",
                        2,
                        "We don't know how to measure this, that's why you're here.",
                    ),
                ],
            },
            {
                "days_ago": 41,
                "kind": "meeting",
                "gut": 1,
                "notes": "Scoping workshop with Inês and the CFO.",
                "flags": [
                    (
                        "collaborative-negotiation",
                        2,
                        "If the budget is tight, drop the dashboard and keep the analysis.",
                    ),
                    ("raises-doubts-early", 2, "Our data before 2024 is a mess, just so you know."),
                ],
            },
            {
                "days_ago": 9,
                "kind": "call",
                "gut": 0,
                "notes": "Weekly check-in; the CFO now wants a forecast too.",
                "questions": "Is the forecast in scope or a change request?",
                "flags": [
                    (
                        "inconsistent-expectations",
                        1,
                        "Could the analysis forecast next quarter too?",
                    )
                ],
            },
        ],
        "decision": {
            "days_ago": 40,
            "kind": "accept",
            "reason": "A clear problem, good data, and a team that negotiates fairly.",
        },
        "projects": [
            {
                "name": "Churn analysis",
                "phases": [{"name": "Data audit and first findings", "starts": 38, "ends": -14}],
            }
        ],
    },
    {
        # Called this morning: still within the reflection period.
        "name": "Alder Street Clinic",
        "organisation": "Alder Street Physiotherapy",
        "contact": "Dr Amara Osei",
        "source": "Referral from Greenleaf Co-op",
        "breed": "",
        "status": "discovery",
        "interactions": [
            {
                "this_morning": (9, 30),
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "A small physiotherapy clinic; patients book by phone and one in five does "
                    "not show up. Amara tried two apps already and could say why each failed."
                ),
                "questions": (
                    "Who handles patient data today?\n"
                    "Is there a budget for text reminders?\n"
                    "Who else needs to say yes?"
                ),
                "flags": [
                    ("as-motivated", 2, "Every no-show is an hour I can't give someone else."),
                    (
                        "communicates-clearly",
                        2,
                        "The last app failed because reception couldn't override it.",
                    ),
                    ("raises-doubts-early", 1, "I'm not sure we can afford the texts, honestly."),
                    (
                        "inconsistent-expectations",
                        1,
                        "Could it also send the invoices? Just a thought.",
                    ),
                ],
            },
        ],
    },
]

# The next contacts the demo consultant planned, for "Today", the .ics files and the morning
# note: (client, days from today, (hour, minute) in the consultant's zone, kind, note). One
# today, one tomorrow, and one overdue (planned before today, nothing logged since).
PLANNED_CONTACTS = (
    ("Sora Tea House", 0, (16, 30), "call", "Their answer on the budget, then decide"),
    ("Greenleaf Co-op", 1, (10, 0), "meeting", "Review of the ordering phase"),
    ("Vantage Capital", -2, (11, 0), "email", "Send the estimate they asked for"),
)

# The demo consultant's own catalogue ("My flags"): a copy of their catalogue where their
# boundaries weigh most (`weights`, by key), with one flag of their own seen in the first call
# of two clients that went badly, so calibration suggests a weight for it. `seen` is (client
# name, evidence).
OWN_CATALOGUE = {
    "name": "My flags",
    "weights": {"crosses-boundaries": 5, "respects-boundaries": 5},
    "flag": {
        "label": "Late to reply",
        "description": "Takes days to answer a simple question, then wants the answer today.",
        "probing_question": "How quickly can you usually get back to me on a question?",
        "polarity": "red",
        "category": "communication",
        "weight": 3,
    },
    "seen": [
        ("Harbor & Finch Legal", "Their reply to my two-line question came nine days later."),
        ("Meridian Hotels", "The meeting invitation came back after a week, for the next day."),
    ],
}
