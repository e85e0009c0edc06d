"""`make soak`: 50 browser sessions of mixed reads and writes for 60 s, then check nothing was lost.

Issue 6, "Load and soak". On a scratch database (PostgreSQL `fitcheck_soak`, or SQLite with
BENCH_DB=sqlite):

1. migrate, seed the demo consultant and 20 consultants with 100 synthetic clients each;
2. start gunicorn on 127.0.0.1 and log 50 sessions in, spread over the 21 accounts, so two
   or three sessions share each account (tabs, or colleagues) and their writes meet;
3. for 60 s every session, without pause, reads (the dashboard with random filters, sorts,
   searches and pages; a client page; the live score preview) and writes (log an interaction
   with 10 flags; edit a client through its form, with the version it was opened on; add a
   boundary). Half the writes go to five "hot" clients per account, to provoke conflicts;
4. stop the server, then check in the database that every write answered with success (302)
   is there, that no client edit was lost (a client's version is 1 + its successful edits,
   and it holds the last one's values), and that every stored score equals a fresh
   computation from the evidence (`clients.score.scores.load_evidence(...)` and `.fit()`).

It prints the requests, the errors, p50 and p99 (overall and per action), and the checks,
and writes them as JSON to bench/results/soak-<timestamp>.json. The exit status is 1 when
any request got a server error (5xx) or no answer, or a check failed.

    .venv/bin/python bench/soak.py [--sessions 50] [--duration 60] [--consultants 20]
"""

import argparse
import json
import random
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

import common

CLIENTS_PER_CONSULTANT = 100
HOT_CLIENTS = 5
LOG_OBSERVATIONS = 10
# Expected answers other than these count as failures: a conflict (409) is the app doing
# its job when two sessions edit the same client.
EXPECTED = {"dashboard": {200}, "client": {200}, "preview": {200}}
EXPECTED |= {"log": {302}, "edit form": {200}, "edit": {302, 409}, "boundary": {302}}
SEARCHES = ["Blue", "Harbor Labs", "budget", "Synthetic", "nobody-has-this"]


@dataclass
class Account:
    """A consultant the sessions log in as, and what they know of its data."""

    username: str
    client_pks: list[int]
    flag_ids: list[int]

    @property
    def hot_pks(self) -> list[int]:
        return self.client_pks[:HOT_CLIENTS]

    def pick_client(self, rng: random.Random, *, hot_share: float = 0.0) -> int:
        return rng.choice(self.hot_pks if rng.random() < hot_share else self.client_pks)


@dataclass
class Write:
    """A write the server answered with success: the checks look for it afterwards."""

    kind: str  # "interaction", "client" or "boundary"
    username: str
    token: str
    client_pk: int | None = None
    version: int | None = None  # a client edit: the version its form was opened on
    observations: dict[int, int] = field(default_factory=dict)  # flag id → strength


@dataclass
class Record:
    """What all sessions saw, shared between their threads."""

    tallies: dict[str, common.Tally] = field(
        default_factory=lambda: {action: common.Tally() for action in EXPECTED}
    )
    writes: list[Write] = field(default_factory=list)
    unexpected: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stragglers: int = 0  # sessions still waiting for an answer when the time was up
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def answer(self, action: str, response: common.Response) -> bool:
        """Count an answer; return True when it is one the action expects."""
        self.tallies[action].add(response)
        if response.status in EXPECTED[action]:
            return True
        with self.lock:
            self.unexpected[f"{action} → {response.status}"] += 1
            if len(self.samples) < 5:
                self.samples.append(f"{action} → {response.status}: {response.body[-300:]}")
        return False

    def wrote(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)


# Prepare ----------------------------------------------------------------------------------


def prepare(consultants: int) -> tuple[dict, list[Account]]:
    """Create and fill the scratch database; return the server environment and accounts."""
    url = common.database_url("fitcheck_soak")
    print(f"Preparing {url} …")
    common.recreate_database(url)
    environment = common.configure_django(url)
    common.prepare_schema()

    from django.contrib.auth import get_user_model

    from clients.data import demo
    from clients.models import Flag

    print(f"Seeding the demo consultant and {consultants} × {CLIENTS_PER_CONSULTANT} clients …")
    common.timed_command("seed_demo", quiet=True)
    usernames = [demo.USERNAME]
    for number in range(1, consultants + 1):
        username = f"soak-{number:02d}"
        common.timed_command(
            "seed_demo", clients=CLIENTS_PER_CONSULTANT, owner=username, seed=number, quiet=True
        )
        usernames.append(username)
    common.analyze_database()
    accounts = []
    for user in get_user_model().objects.filter(username__in=usernames).order_by("username"):
        clients = user.clients.filter(archived=False).order_by("pk")
        catalogue_ids = set(clients.values_list("catalogue_id", flat=True))
        assert len(catalogue_ids) == 1, "one catalogue per consultant keeps the forms simple"
        flags = Flag.objects.filter(catalogue_id__in=catalogue_ids, active=True).order_by("pk")
        accounts.append(
            Account(
                username=user.username,
                client_pks=list(clients.values_list("pk", flat=True)),
                flag_ids=list(flags.values_list("pk", flat=True)),
            )
        )
    return environment, accounts


# Actions: each sends one browser step and records what came back -----------------------


def dashboard(session, account, rng, record) -> None:
    """Open the dashboard with random filters, sort, search and page."""
    params = {
        "sort": rng.choice(["score", "-score", "contact", "name"]),
        "band": rng.choice(["", "", "good", "unclear", "poor"]),
        "q": rng.choice(SEARCHES) if rng.random() < 0.2 else "",
        "page": rng.choice(["", "", "2", "4"]),
    }
    query = urlencode({k: v for k, v in params.items() if v})
    record.answer("dashboard", session.get("/?" + query if query else "/"))


def client_page(session, account, rng, record) -> None:
    """Open a client's page."""
    pk = account.pick_client(rng, hot_share=0.5)
    record.answer("client", session.get(f"/clients/{pk}/"))


def preview(session, account, rng, record) -> None:
    """Ask for the live score preview with three flags pressed, as htmx does."""
    pk = account.pick_client(rng, hot_share=0.5)
    form = {f"obs-strength-{flag}": rng.randint(1, 3) for flag in rng.sample(account.flag_ids, 3)}
    response = session.post(f"/clients/{pk}/preview/", form, headers={"HX-Request": "true"})
    record.answer("preview", response)


def log_interaction(session, account, rng, record) -> None:
    """Log an interaction with 10 flags; remember it when the server says it is saved."""
    from django.utils import timezone

    pk = account.pick_client(rng, hot_share=0.5)
    token = uuid.uuid4().hex
    observed = {flag: rng.randint(1, 3) for flag in rng.sample(account.flag_ids, LOG_OBSERVATIONS)}
    form = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": rng.choice(["meeting", "call", "email"]),
        "notes": f"soak {token}",
        "gut": rng.choice(["", "-2", "-1", "0", "1", "2"]),
        "questions": rng.choice(["", "Who signs?", "What is the budget?\nWhen do we start?"]),
        **{f"obs-strength-{flag}": strength for flag, strength in observed.items()},
    }
    response = session.post(f"/clients/{pk}/log/", form)
    if record.answer("log", response):
        record.wrote(Write("interaction", account.username, token, pk, None, observed))


def edit_client(session, account, rng, record) -> None:
    """Open a client's edit form, change the organisation, save with the form's version."""
    pk = account.pick_client(rng, hot_share=0.5)
    opened = session.get(f"/clients/{pk}/edit/")
    if not record.answer("edit form", opened):
        return
    form = common.FormReader.read(opened.body)
    time.sleep(rng.uniform(0, 0.3))  # the user types
    token = uuid.uuid4().hex
    form["organisation"] = f"soak {token}"
    response = session.post(f"/clients/{pk}/edit/", form)
    if record.answer("edit", response) and response.status == 302:
        record.wrote(Write("client", account.username, token, pk, int(form["version"])))


def add_boundary(session, account, rng, record) -> None:
    """Add a boundary to the consultant's list."""
    token = uuid.uuid4().hex
    response = session.post("/boundaries/", {"text": f"soak {token}"})
    if record.answer("boundary", response):
        record.wrote(Write("boundary", account.username, token))


# Reads two thirds of the time, writes one third.
ACTIONS = {
    dashboard: 25,
    client_page: 25,
    preview: 17,
    log_interaction: 15,
    edit_client: 12,
    add_boundary: 6,
}


def run_sessions(port, accounts, sessions: int, seconds: float, password: str) -> Record:
    """Log the sessions in, then let each act until the deadline; return what they saw."""
    record = Record()
    logged_in: list[common.Session | None] = [None] * sessions

    def log_in(index: int) -> None:
        session = common.Session(port)
        session.login(accounts[index % len(accounts)].username, password)
        logged_in[index] = session

    run_threads([lambda n=n: log_in(n) for n in range(sessions)], timeout=300)
    if None in logged_in:
        raise RuntimeError("Some sessions could not log in.")
    print(f"{sessions} sessions logged in; driving them for {seconds:.0f} s …")
    deadline = time.monotonic() + seconds

    def act(index: int) -> None:
        rng = random.Random(index)
        account = accounts[index % len(accounts)]
        actions, weights = list(ACTIONS), list(ACTIONS.values())
        while time.monotonic() < deadline:
            action = rng.choices(actions, weights)[0]
            try:
                action(logged_in[index], account, rng, record)
            except Exception as error:  # a page the script could not read: count, go on
                with record.lock:
                    record.unexpected[f"{action.__name__} raised {type(error).__name__}"] += 1

    started = time.monotonic()
    stragglers = run_threads(
        [lambda n=n: act(n) for n in range(sessions)], timeout=seconds + common.REQUEST_TIMEOUT + 10
    )
    record.seconds = time.monotonic() - started
    record.stragglers = stragglers
    return record


def run_threads(targets, *, timeout: float) -> int:
    """Run each callable in its own thread; wait at most `timeout`; return how many still run."""
    threads = [threading.Thread(target=target, daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return sum(thread.is_alive() for thread in threads)


# Checks -----------------------------------------------------------------------------------


def check_writes(writes: list[Write]) -> list[str]:
    """Return the problems found: a successful write missing, or a client edit lost."""
    from clients.models import Boundary, Client, Interaction

    problems = []
    by_kind = defaultdict(list)
    for write in writes:
        by_kind[write.kind].append(write)

    stored = {
        interaction.notes: interaction
        for interaction in Interaction.objects.filter(
            notes__in=[f"soak {w.token}" for w in by_kind["interaction"]]
        ).prefetch_related("observations")
    }
    for write in by_kind["interaction"]:
        interaction = stored.get(f"soak {write.token}")
        if interaction is None:
            problems.append(f"interaction {write.token} on client {write.client_pk}: missing")
            continue
        observed = {o.flag_id: o.strength for o in interaction.observations.all()}
        if interaction.client_id != write.client_pk or observed != write.observations:
            problems.append(f"interaction {write.token}: stored differently ({observed})")

    texts = set(
        Boundary.objects.filter(
            text__in=[f"soak {w.token}" for w in by_kind["boundary"]]
        ).values_list("owner__username", "text")
    )
    problems += [
        f"boundary {w.token} of {w.username}: missing"
        for w in by_kind["boundary"]
        if (w.username, f"soak {w.token}") not in texts
    ]

    edits = defaultdict(list)
    for write in by_kind["client"]:
        edits[write.client_pk].append(write)
    clients = Client.objects.in_bulk(list(edits))
    for pk, made in edits.items():
        versions = sorted(write.version for write in made)
        last = max(made, key=lambda write: write.version)
        client = clients[pk]
        if len(set(versions)) != len(versions):
            problems.append(f"client {pk}: two edits saved from one version {versions} (lost)")
        if client.version != 1 + len(made):
            problems.append(f"client {pk}: version {client.version}, {len(made)} edits saved")
        if client.organisation != f"soak {last.token}":
            problems.append(f"client {pk}: holds {client.organisation!r}, not the last edit")
    return problems


def check_scores(chunk_size: int = 1000) -> tuple[int, list[str]]:
    """Recompute every client's score from its evidence; return (clients, mismatches)."""
    from django.db.models import Count, Q

    from clients.models import Client, Question
    from clients.score.scores import SPARKLINE_POINTS, load_evidence

    pks = list(Client.objects.order_by("pk").values_list("pk", flat=True))
    mismatches = []
    for start in range(0, len(pks), chunk_size):
        clients = Client.objects.filter(pk__in=pks[start : start + chunk_size])
        stored = clients.in_bulk()
        opened = Count("questions", filter=Q(questions__status=Question.Status.OPEN))
        open_questions = dict(clients.annotate(n=opened).values_list("pk", "n"))
        for pk, evidence in load_evidence(clients).items():
            fit = evidence.fit()
            interactions = [at for at, source in evidence.moments if source == "interaction"]
            fresh = {
                "score": fit.score,
                "score_low": fit.low,
                "score_high": fit.high,
                "confidence": fit.confidence,
                "band": fit.band,
                "score_trend": [point.score for point in evidence.trend()[-SPARKLINE_POINTS:]],
                "last_contact_at": max(interactions, default=None),
                "open_questions": open_questions[pk],
            }
            kept = {name: getattr(stored[pk], name) for name in fresh}
            if kept != fresh:
                differ = {k: (kept[k], fresh[k]) for k in fresh if kept[k] != fresh[k]}
                mismatches.append(f"client {pk}: stored ≠ fresh {differ}")
    return len(pks), mismatches


# Report -----------------------------------------------------------------------------------


def report(record: Record, write_problems, scored, score_problems, machine, args) -> dict:
    """Print the figures and the checks; return them as a JSON-ready dict."""
    everything = common.Tally()
    rows = []
    for action, tally in sorted(record.tallies.items()):
        everything.latencies += tally.latencies
        everything.statuses.update(tally.statuses)
        summary = tally.summary(record.seconds)
        rows.append(
            [
                action,
                summary["requests"],
                f"{summary['p50_ms']:.0f}",
                f"{summary['p99_ms']:.0f}",
                tally.statuses.get(409, 0),
                common.failed_statuses(summary["statuses"]),
            ]
        )
    total = everything.summary(record.seconds)
    errors = common.failed_statuses(total["statuses"])
    rows.append(["all", total["requests"], f"{total['p50_ms']:.0f}", f"{total['p99_ms']:.0f}"])
    rows[-1] += [sum(r[4] for r in rows[:-1]), errors]
    print()
    print(common.markdown_table(["action", "requests", "p50 ms", "p99 ms", "409", "5xx"], rows))
    writes = Counter(write.kind for write in record.writes)
    print(
        f"\n{total['requests']} requests in {record.seconds:.0f} s ({total['rps']} req/s) by "
        f"{args.sessions} sessions; {errors} server errors or unanswered; unexpected answers: "
        f"{dict(record.unexpected) or 'none'}."
    )
    for sample in record.samples:
        print(f"  e.g. {sample}")
    print(
        f"Writes answered 302: {sum(writes.values())} ({dict(writes)}); "
        f"found in the database: {sum(writes.values()) - len(write_problems)}."
    )
    print(f"Stored scores equal to a fresh computation: {scored - len(score_problems)}/{scored}.")
    for problem in (write_problems + score_problems)[:20]:
        print(f"  PROBLEM {problem}")
    print(
        f"{machine['cores']} cores, load {machine['load_average']}, {machine['database']}, "
        f"{args.workers} gunicorn workers."
    )
    return {
        "machine": machine,
        "settings": vars(args),
        "seconds": round(record.seconds, 1),
        "requests": total,
        "actions": {a: t.summary(record.seconds) for a, t in sorted(record.tallies.items())},
        "unexpected": dict(record.unexpected),
        "samples": record.samples,
        "stragglers": record.stragglers,
        "writes": dict(writes),
        "write_problems": write_problems,
        "clients_scored": scored,
        "score_problems": score_problems,
        "first_writes": [asdict(w) for w in record.writes[:3]],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="Seconds of load.")
    parser.add_argument("--consultants", type=int, default=20)
    # More workers than a small deployment: more transactions at once, so races surface.
    parser.add_argument("--workers", type=int, default=8, help="gunicorn workers.")
    args = parser.parse_args()

    environment, accounts = prepare(args.consultants)
    machine = common.machine_description()
    common.close_connections()
    from clients.data.demo import PASSWORD

    with common.Server(environment, workers=args.workers, name="soak") as server:
        record = run_sessions(server.port, accounts, args.sessions, args.duration, PASSWORD)
    print("Checking the database …")
    write_problems = check_writes(record.writes)
    scored, score_problems = check_scores()
    summary = report(record, write_problems, scored, score_problems, machine, args)
    path = common.RESULTS / f"soak-{common.timestamp()}.json"
    path.write_text(json.dumps(summary, indent=2, default=str) + "\n")
    print(f"Written to {path.relative_to(common.ROOT)}.")
    failed = (
        common.failed_statuses(summary["requests"]["statuses"])
        or record.unexpected
        or record.stragglers
        or write_problems
        or score_problems
    )
    print("SOAK FAILED" if failed else "Soak passed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
