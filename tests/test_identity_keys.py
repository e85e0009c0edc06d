"""Issue 25, item 1: every spelling that reaches one account counts against one limit.

The login form normalises the username with NFKC before its exact look-up (`ａlice` logs in
as `alice`); the reset form's `email__iexact` compares `UPPER()`s on PostgreSQL (`ſ` is `S`,
`ı` is `I`), then NFKC and casefold in Python. The throttles key on `identity_key`, which
must be coarser than all of them: checked here over the real views, exhaustively for single
characters against PostgreSQL's `UPPER()`, and with hypothesis against the real look-ups.
"""

import time
import unicodedata
from functools import cache

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from accounts.forms import ThrottledPasswordResetForm, same_address
from clients.throttle import identity_key
from tests.conftest import PASSWORD

# Spellings of a username: the login form takes the first five to the account (NFKC); its
# look-up is case-sensitive, so not the others, whose failures count for it all the same.
LOGIN_SPELLINGS = [
    ("alice", "ａlice"),  # fullwidth a: NFKC makes it `alice`
    ("sam", "ſam"),  # long s: NFKC makes it `sam`
    ("josé", "jose\u0301"),  # e and a combining acute accent: NFKC composes them
    ("ffion", "ﬀion"),  # the ff ligature
    ("alice", "\u3000alice "),  # padded with spaces the form strips
    ("alice", "ＡＬＩＣＥ"),  # fullwidth and upper case
    ("josé", "JoSÉ"),  # mixed case
    ("tim", "tım"),  # dotless i
    ("tim", "TıM"),  # dotless i, mixed case
    ("kai", "\u212aAI"),  # the Kelvin sign
]

# Spellings of one email address: the reset's look-up finds the account with most of them
# (`UPPER()` on PostgreSQL, ASCII case on SQLite), and its limit holds for all of them.
EMAIL = "ada@mission.test"
EMAIL_SPELLINGS = [
    "ADA@MISSION.TEST",  # upper case
    "Ada@Mission.Test",  # mixed case
    "ada@miſſion.teſt",  # long s: PostgreSQL's UPPER() makes it S
    "ada@mıssıon.test",  # dotless i: PostgreSQL's UPPER() makes it I
    "ada@ｍission.test",  # fullwidth m
    " ada@mission.test ",  # spaces the form strips
]
ACCENTED_EMAIL = "ada@café.test"
ACCENTED_SPELLINGS = ["ada@cafe\u0301.test", "ADA@CAFÉ.TEST", "ada@ｃafe\u0301.test"]


# The throttles' tests run with the counters in local memory, then in real Redis.
counters = pytest.mark.usefixtures("shared_cache")


def fail_login(client, username, url="/accounts/login/", **extra):
    return client.post(url, {"username": username, "password": "wrong"}, **extra)


def log_in(client, username, url="/accounts/login/", **extra):
    return client.post(url, {"username": username, "password": PASSWORD}, **extra)


# The key itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "spelling"), LOGIN_SPELLINGS)
def test_it_gives_every_spelling_of_a_username_one_key(name, spelling):
    assert identity_key(spelling) == identity_key(name)


@pytest.mark.parametrize("spelling", [*EMAIL_SPELLINGS, EMAIL.upper()])
def test_it_gives_every_spelling_of_an_email_one_key(spelling):
    assert identity_key(spelling) == identity_key(EMAIL)


def test_it_keeps_different_accounts_apart():
    keys = {identity_key(name) for name in ["alice", "alicia", "bob", "a.lice", "alice2"]}
    assert len(keys) == 5


# The login throttle (app and admin) -------------------------------------------------------


@counters
@pytest.mark.parametrize(("name", "spelling"), LOGIN_SPELLINGS)
def test_the_login_lock_holds_for_every_spelling(client, make_user, name, spelling):
    make_user(name)
    for _attempt in range(5):
        fail_login(client, name)

    response = log_in(client, spelling)

    assert "Too many failed logins" in response.text
    assert "_auth_user_id" not in client.session


@counters
@pytest.mark.parametrize(("name", "spelling"), LOGIN_SPELLINGS)
def test_failures_under_any_spelling_lock_the_account(client, make_user, name, spelling):
    make_user(name)
    for number in range(5):
        fail_login(client, spelling, REMOTE_ADDR=f"198.51.100.{number}")

    response = log_in(client, name, REMOTE_ADDR="203.0.113.9")

    assert "Too many failed logins" in response.text


@counters
def test_the_issues_fullwidth_login_is_refused_after_five_failures(client, make_user):
    make_user("alice")
    spellings = ["alice", "ALICE", "ａlice", "Ａlice", "alıce"]
    for spelling in spellings:
        fail_login(client, spelling)

    assert "Too many failed logins" in log_in(client, "ａlice").text
    assert "Too many failed logins" in log_in(client, "alice").text


@counters
def test_a_fullwidth_spelling_still_logs_in_before_any_failure(client, make_user):
    make_user("alice")
    assert log_in(client, "ａlice").status_code == 302


@counters
def test_a_successful_login_under_one_spelling_forgets_the_others_failures(client, make_user):
    make_user("alice")
    for _attempt in range(4):
        fail_login(client, "ALICE")
    assert log_in(client, "ａlice").status_code == 302
    client.logout()

    for _attempt in range(4):
        fail_login(client, "Alice")
    assert log_in(client, "alice").status_code == 302


@counters
def test_the_admin_lock_holds_for_a_lookalike_behind_a_trusted_proxy(client, make_user, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    make_user("bob", is_staff=True, is_superuser=True)
    for number in range(5):
        forwarded = {"X-Forwarded-For": f"198.51.100.{number}"}
        fail_login(client, "bob", url="/admin/login/", headers=forwarded)

    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    admin = log_in(client, "ｂob", url="/admin/login/", headers=forwarded)
    app = log_in(client, "ｂob", headers=forwarded)

    assert "Too many failed logins" in admin.text
    assert "Too many failed logins" in app.text
    assert "_auth_user_id" not in client.session


# The reset throttle -----------------------------------------------------------------------


def ask_for_a_link(client, email, number):
    # A fresh address each time: only the per-email limit is at stake here.
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=f"10.0.0.{number}")


@counters
@pytest.mark.parametrize("spelling", EMAIL_SPELLINGS)
def test_the_reset_limit_holds_for_every_spelling_of_an_email(client, make_user, spelling):
    make_user("ada", email=EMAIL)
    for number in range(3):
        assert ask_for_a_link(client, EMAIL, number).status_code == 302

    refused = ask_for_a_link(client, spelling, 9)

    assert "Too many reset requests" in refused.text


@counters
@pytest.mark.parametrize("spelling", EMAIL_SPELLINGS)
def test_requests_under_any_spelling_count_for_the_email(client, make_user, spelling):
    make_user("ada", email=EMAIL)
    for number in range(3):
        assert ask_for_a_link(client, spelling, number).status_code == 302

    refused = ask_for_a_link(client, EMAIL, 9)

    assert "Too many reset requests" in refused.text


@counters
def test_the_reset_limit_holds_across_accents_and_case(client, make_user):
    make_user("ada", email=ACCENTED_EMAIL)
    for number, spelling in enumerate(ACCENTED_SPELLINGS):
        assert ask_for_a_link(client, spelling, number).status_code == 302

    refused = ask_for_a_link(client, ACCENTED_EMAIL, 9)

    assert "Too many reset requests" in refused.text


@counters
def test_the_issues_long_s_gets_no_fourth_mail(client, make_user, smtp_server):
    make_user("ada", email=EMAIL)
    for number in range(3):
        ask_for_a_link(client, EMAIL, number)

    refused = [ask_for_a_link(client, "ada@miſſion.teſt", 10 + n) for n in range(2)]

    assert all("Too many reset requests" in answer.text for answer in refused)
    wait_for_mails(smtp_server, 3)
    assert len(smtp_server) == 3


def wait_for_mails(received, count, timeout=10.0):
    """Wait until the SMTP server received `count` mails (they leave after the answer)."""
    deadline = time.monotonic() + timeout
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(received) >= count, f"{len(received)} of {count} mails arrived"
    time.sleep(0.1)  # and no more


# Exhaustively, one character at a time, against PostgreSQL -------------------------------


@pytest.mark.postgresql
def test_characters_postgresql_uppercases_alike_share_a_key(db):
    """Every code point whose UPPER() is another's has that one's key."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT upper(chr(i)), array_agg(chr(i)) FROM generate_series(1, 1114111) AS i"
            " WHERE i NOT BETWEEN 55296 AND 57343 GROUP BY 1 HAVING count(*) > 1"
        )
        groups = cursor.fetchall()

    assert len(groups) > 1000  # the database's ctype knows Unicode case, as in production
    split = [(upper, chars) for upper, chars in groups if len(set(map(identity_key, chars))) > 1]
    assert split == []


# Hypothesis, against the real look-ups ----------------------------------------------------


@cache
def relatives() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Return, for each character, the strings related to it by case, and those related to
    it by compatibility, found without identity_key: its upper, lower, title and casefold
    forms and every character with the same upper or lower form; its NFKC and NFD forms and
    every character with the same NFKC form."""
    blocks = [
        (0, 0x3000),
        (0xA640, 0xAB70),
        (0xFB00, 0xFF70),
        (0x10400, 0x10450),
        (0x1D400, 0x1D800),
    ]
    chars = [chr(code) for start, end in blocks for code in range(start, end)]
    by_case: dict[str, set[str]] = {}
    by_nfkc: dict[str, set[str]] = {}
    for char in chars:
        by_case.setdefault("U" + char.upper(), set()).add(char)
        by_case.setdefault("L" + char.lower(), set()).add(char)
        by_nfkc.setdefault(unicodedata.normalize("NFKC", char), set()).add(char)
    case, compatibility = {}, {}
    for char in chars:
        forms = {char.upper(), char.lower(), char.title(), char.casefold()}
        forms |= by_case["U" + char.upper()] | by_case["L" + char.lower()]
        case[char] = sorted(forms - {char})
        nfkc = unicodedata.normalize("NFKC", char)
        forms = {nfkc, unicodedata.normalize("NFD", char)} | by_nfkc[nfkc]
        compatibility[char] = sorted(forms - {char})
    return case, compatibility


SEEDS = "abcdefiklmorsstuyzAIKS019.-_@" + "ſıİßẞéǅͅςσµÅﬀŉǰΐ\u0301\u0307\u0345"
# Spaces around: the forms strip them, the database does not (its look-up alone rarely
# matches a padded spelling, so mostly none).
SPACES = st.sampled_from(["", "", "", "", " ", "\u3000", "\u00a0", "\t"])


@st.composite
def spellings(draw) -> tuple[str, str]:
    """Return a string and another spelling of it: each character kept (mostly, so that the
    look-ups often match), or replaced by a relative by case or by compatibility; the whole
    in another case, or not; spaces around it, or not."""
    base = draw(st.text(st.sampled_from(SEEDS), min_size=1, max_size=6))
    case, compatibility = relatives()
    other = ""
    for char in base:
        table = draw(st.sampled_from([None, None, case, compatibility]))
        other += draw(st.sampled_from(table[char] or [char])) if table else char
    other = draw(st.sampled_from([other, other, other.upper(), other.lower(), other.title()]))
    return base, draw(SPACES) + other + draw(SPACES)


HYPOTHESIS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def account(db):
    return get_user_model().objects.create_user("someone", password=PASSWORD)


@HYPOTHESIS
@given(pair=spellings())
def test_emails_the_database_matches_share_a_key(account, pair):
    stored, asked = pair
    users = get_user_model().objects.filter(pk=account.pk)
    users.update(email=stored)

    matched = users.filter(email__iexact=asked).exists()
    event(f"the database matches: {matched}")
    if matched:
        assert identity_key(asked) == identity_key(stored)


@HYPOTHESIS
@given(pair=spellings())
def test_emails_the_reset_form_matches_share_a_key(account, pair):
    stored, asked = pair
    get_user_model().objects.filter(pk=account.pk).update(email=stored)

    matched = bool(list(ThrottledPasswordResetForm().get_users(asked)))
    event(f"the reset form matches: {matched}")
    if matched or same_address(stored, asked):
        assert identity_key(asked) == identity_key(stored)


@HYPOTHESIS
@given(pair=spellings())
def test_usernames_the_login_form_matches_share_a_key(account, pair):
    stored, asked = pair
    stored = get_user_model().normalize_username(stored).strip()
    if not stored:
        return
    get_user_model().objects.filter(pk=account.pk).update(username=stored)

    form = AuthenticationForm(data={"username": asked, "password": PASSWORD})
    event(f"the login form matches: {form.is_valid()}")
    if form.is_valid():
        assert identity_key(asked) == identity_key(stored)
