"""Create the demo consultants and their clients, or many synthetic clients for load tests."""

import math
import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language_info

from clients.actions import (
    ObservationInput,
    catalogue_for,
    log_interaction,
    profile_for,
    record_decision,
    save_review,
)
from clients.catalogues.actions import MoveSummary, add_flag, copy_catalogue, move_clients
from clients.contacts.planned import PlannedContact, plan_contact
from clients.data import demo
from clients.data.demos import DEMOS
from clients.models import (
    RATING_FIELDS,
    Boundary,
    Breed,
    Client,
    ClientStatus,
    Flag,
    FlagCatalogue,
    Interaction,
    InteractionKind,
    Observation,
    Phase,
    PhaseReview,
    Polarity,
    Project,
)
from clients.score.scores import refresh_scores

BATCH_SIZE = 5000
# Clients generated (and held in memory) at a time in large mode.
CHUNK_SIZE = 1000
INTERACTIONS_PER_CLIENT = 10
OBSERVATIONS_PER_SOURCE = 5
SYNTHETIC_STATUSES = {
    ClientStatus.LEAD: 5,
    ClientStatus.DISCOVERY: 10,
    ClientStatus.DECIDING: 10,
    ClientStatus.ACTIVE: 35,
    ClientStatus.COMPLETED: 25,
    ClientStatus.DECLINED: 15,
}
WORKED_WITH = (ClientStatus.ACTIVE, ClientStatus.COMPLETED)
# What the demo consultant may do in the admin: the catalogues, not other people's data.
DEMO_STAFF_PERMISSIONS = (
    *(f"{action}_flagcatalogue" for action in ("view", "add", "change")),
    *(f"{action}_flag" for action in ("view", "add", "change")),
)
NAME_WORDS = (
    ("Blue", "Bright", "Cedar", "Copper", "Golden", "Iron", "North", "Silver", "Stone", "Swift"),
    ("Bay", "Bridge", "Field", "Forge", "Harbor", "Labs", "Mill", "Peak", "Works", "Yard"),
)


class Command(BaseCommand):
    help = (
        "Create the demo consultants (English and French) with their hand-written clients, or "
        "with --clients N --owner NAME, a consultant with N synthetic clients for load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port of the login hint.")
        parser.add_argument("--clients", type=int, help="Large mode: how many synthetic clients.")
        parser.add_argument("--owner", help="Large mode: the consultant to create them for.")
        parser.add_argument("--seed", type=int, default=0, help="Large mode: random seed.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete the consultant's clients first."
        )

    def handle(self, *, port, clients, owner, seed, replace, **options):
        if clients is None and owner:
            raise CommandError("--owner goes with --clients N.")
        if clients is not None and (clients < 1 or not owner):
            raise CommandError("Large mode needs --clients N (at least 1) and --owner NAME.")
        if clients is None:
            with transaction.atomic():
                users = [self.seed_demo(data, replace=replace) for data in DEMOS]
            for user, data in zip(users, DEMOS, strict=True):
                self.stdout.write(_login_hint(user, port, data.PASSWORD, data.LANGUAGE))
            return
        with transaction.atomic():
            user = _consultant(owner, demo.PASSWORD)
            if user.clients.exists() and not replace:
                self.stdout.write(
                    f"{owner} already has clients: nothing changed (--replace starts over)."
                )
            else:
                user.clients.all().delete()
                self.seed_synthetic(user, clients, random.Random(seed))
        self.stdout.write(_login_hint(user, port, demo.PASSWORD))

    def seed_demo(self, data, *, replace: bool):
        """Create a demo consultant from its data module (clients.data.demos) and return it;
        one that has clients already is left alone unless `replace`."""
        user = _consultant(data.USERNAME, data.PASSWORD)
        _make_staff(user)
        _set_profile(user, data)
        if user.clients.exists() and not replace:
            self.stdout.write(
                f"{data.USERNAME} already has clients: nothing changed (--replace starts over)."
            )
            return user
        user.clients.all().delete()
        FlagCatalogue.objects.filter(owner=user).delete()  # its own: made again from its data
        # In the demo's language: the catalogue of new clients follows it (catalogue_for).
        with translation.override(data.LANGUAGE or settings.LANGUAGE_CODE):
            for step in DEMO_STEPS:
                if said := step(user, data):
                    self.stdout.write(said)
        self.stdout.write(f"Created {user.clients.count()} demo clients for {data.USERNAME}.")
        return user

    def seed_synthetic(self, user, count: int, rng: random.Random) -> None:
        """Create `count` synthetic clients with bulk inserts, then score them all at once."""
        started = time.monotonic()
        catalogue = catalogue_for(user)
        flags = list(catalogue.flags.filter(active=True))
        generator = SyntheticClients(user, catalogue, flags, rng, timezone.now())
        done = reported = 0
        while done < count:
            size = min(CHUNK_SIZE, math.ceil(count / 10), count - done)
            generator.create(size, first_number=done + 1)
            done += size
            if done * 10 // count > reported:
                reported = done * 10 // count
                elapsed = time.monotonic() - started
                self.stdout.write(
                    f"{done}/{count} clients ({100 * done // count} %, {elapsed:.1f} s)"
                )
        scored = refresh_scores(Client.objects.filter(owner=user))
        self.stdout.write(f"Scored {scored} clients; {time.monotonic() - started:.1f} s in all.")


def _login_hint(user, port: int, password: str, language: str = "") -> str:
    """Return how to log in as `user`, with the password when it is still the demo's."""
    known = f" / {password}" if user.check_password(password) else ""
    shown_in = f" (in {get_language_info(language)['name']})" if language else ""
    return f"Log in at http://127.0.0.1:{port}/ as {user.get_username()}{known}{shown_in}"


def _consultant(username: str, password: str):
    """Return the consultant, created with `password` (an existing one keeps theirs)."""
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _make_staff(user) -> None:
    """Let the demo consultant try the admin: staff, allowed to edit the flag catalogues."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="clients", codename__in=DEMO_STAFF_PERMISSIONS
        )
    )


def _set_profile(user, data) -> None:
    """Give a demo consultant the language of its data and the time zone its times are in."""
    profile = profile_for(user)
    profile.language, profile.time_zone = data.LANGUAGE, data.TIME_ZONE
    profile.save(update_fields=["language", "time_zone"])


def seed_demo_clients(user, data) -> None:
    """Create a demo consultant's boundaries and clients (`data`: a module of
    clients.data.demos) through the app's own writes, so they score.

    Times of day ("this morning" at 09:30, calls at 10:00) are in the consultant's time zone.
    """
    now = _local_now(user)
    boundaries = {
        key: Boundary.objects.get_or_create(owner=user, text=text)[0]
        for key, text in data.BOUNDARIES.items()
    }
    catalogue = catalogue_for(user)
    flags = {flag.key: flag for flag in catalogue.flags.all()}

    def seen(items) -> list[ObservationInput]:
        return [
            ObservationInput(
                flag=flags[key],
                strength=strength,
                note=note,
                boundary=boundaries[boundary[0]] if boundary else None,
            )
            for key, strength, note, *boundary in items
        ]

    for client_data in data.CLIENTS:
        fields = ("name", "organisation", "contact", "source", "breed")
        client = Client.objects.create(
            owner=user, catalogue=catalogue, **{field: client_data[field] for field in fields}
        )
        phases = _create_projects(client, client_data.get("projects", []), now.date())
        for at, kind, item, phase in _timeline(client_data, phases, now):
            if kind == "interaction":
                log_interaction(
                    client=client,
                    fields={
                        "occurred_at": at,
                        "kind": item["kind"],
                        "notes": item["notes"],
                        "gut": item.get("gut"),
                        "questions": item.get("questions", ""),
                    },
                    observations=seen(item["flags"]),
                )
            elif kind in ("decision", "checkpoint"):
                record_decision(
                    client=client,
                    kind=item["kind"],
                    reason=item.get("reason", ""),
                    learning_goal=item.get("learning_goal", ""),
                    phase=phase,
                    now=at,
                )
            else:
                ratings = dict(zip(RATING_FIELDS, item["ratings"], strict=True))
                fields = {
                    **ratings,
                    "reviewed_at": at,
                    "would_work_again": item["again"],
                    "learned": item["learned"],
                    "notes": item.get("notes", ""),
                }
                save_review(phase=phase, fields=fields, observations=seen(item["flags"]))
        # The status follows from the calls and decisions, as in the app (tests check that it
        # is the data's "status").
        Client.objects.filter(pk=client.pk).update(archived=client_data.get("archived", False))


def _local_now(user) -> datetime:
    """Return now in the consultant's time zone."""
    return timezone.localtime(timezone=ZoneInfo(profile_for(user).zone_name()))


def plan_contacts(user, data) -> None:
    """Plan the demo's next contacts (PLANNED_CONTACTS: today, tomorrow, one overdue), at
    their hour in the consultant's time zone."""
    now = _local_now(user)
    for name, days, (hour, minute), kind, note in data.PLANNED_CONTACTS:
        at = now.replace(hour=hour, minute=minute, second=0, microsecond=0) + timedelta(days)
        plan_contact(client=user.clients.get(name=name), planned=PlannedContact(at, kind, note))


def _days_before(now: datetime, days: int, *, hour: int) -> datetime:
    """Return `hour` o'clock local time, `days` days before `now`."""
    # Aware datetimes with zoneinfo subtract in wall time, so the hour stays right across DST.
    return now.replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=days)


def _create_projects(client: Client, projects: list[dict], today: date) -> list:
    """Create the client's projects and phases; return [(phase, its data)]."""
    phases = []
    for data in projects:
        project = Project.objects.create(
            client=client, name=data["name"], description=data.get("description", "")
        )
        for item in data["phases"]:
            phase = Phase.objects.create(
                project=project,
                name=item["name"],
                starts_on=today - timedelta(days=item["starts"]),
                ends_on=today - timedelta(days=item["ends"]),
            )
            phases.append((phase, item))
    return phases


def _moment(now: datetime, item: dict, *, hour: int) -> datetime:
    """Return when a demo event happened: this morning at `this_morning` (hour, minute), or
    `hour` o'clock `days_ago` days ago."""
    if "this_morning" in item:
        hour, minute = item["this_morning"]
        moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        # Seeded before that time of day, the demo's "this morning" is yesterday's.
        return moment if moment <= now else moment - timedelta(days=1)
    return _days_before(now, item["days_ago"], hour=hour)


def _timeline(data: dict, phases: list, now: datetime) -> list[tuple]:
    """Return a demo client's calls, decision, reviews and checkpoints as (moment, kind, item,
    phase).

    Oldest first, and on the same day calls (10:00) before the decision (16:00) before
    reviews (17:00) before checkpoints (18:00): a decision stores the score of its moment, so
    it must see the calls before it and no later review.
    """
    events = [
        (_moment(now, item, hour=10), "interaction", item, None) for item in data["interactions"]
    ]
    if "decision" in data:
        events.append((_moment(now, data["decision"], hour=16), "decision", data["decision"], None))
    events += [
        (_moment(now, item["review"], hour=17), "review", item["review"], phase)
        for phase, item in phases
        if "review" in item
    ]
    events += [
        (_moment(now, checkpoint, hour=18), "checkpoint", checkpoint, phase)
        for phase, item in phases
        if (checkpoint := item.get("review", {}).get("checkpoint"))
    ]
    return sorted(events, key=lambda event: event[0])


class SyntheticClients:
    """Generate plausible clients in bulk: a leaning per client decides its flags and ratings."""

    def __init__(self, user, catalogue: FlagCatalogue, flags: list[Flag], rng, now: datetime):
        self.user, self.catalogue, self.rng, self.now = user, catalogue, rng, now
        self.green = [flag.pk for flag in flags if flag.polarity == Polarity.GREEN]
        self.red = [flag.pk for flag in flags if flag.polarity == Polarity.RED]
        self.statuses = list(SYNTHETIC_STATUSES)
        self.status_weights = list(SYNTHETIC_STATUSES.values())

    def create(self, count: int, *, first_number: int) -> None:
        """Create `count` clients with their interactions, phases, reviews and observations."""
        rng = self.rng
        clients = [
            Client(
                owner=self.user,
                catalogue=self.catalogue,
                name=f"{rng.choice(NAME_WORDS[0])} {rng.choice(NAME_WORDS[1])} {number:05d}",
                status=rng.choices(self.statuses, self.status_weights)[0],
                breed=rng.choice([*Breed.values, ""]),
            )
            for number in range(first_number, first_number + count)
        ]
        Client.objects.bulk_create(clients, batch_size=BATCH_SIZE)
        # How likely a flag seen with this client is green: spreads clients over the bands.
        leanings = {client: rng.betavariate(2, 2) for client in clients}
        starts = {client: self.now - timedelta(days=rng.uniform(60, 720)) for client in clients}

        interactions = [
            interaction for client in clients for interaction in self._interactions(client, starts)
        ]
        Interaction.objects.bulk_create(interactions, batch_size=BATCH_SIZE)
        # Ids rather than instances for the many small rows: it halves the time to build them.
        observations = [
            Observation(interaction_id=interaction.pk, **fields)
            for interaction in interactions
            for fields in self._observed(leanings[interaction.client])
        ]

        worked = [client for client in clients if client.status in WORKED_WITH]
        projects = [Project(client=client, name="Main engagement") for client in worked]
        Project.objects.bulk_create(projects, batch_size=BATCH_SIZE)
        phases = [phase for project in projects for phase in self._phases(project, starts)]
        Phase.objects.bulk_create(phases, batch_size=BATCH_SIZE)
        reviews = [
            self._review(phase, leanings[phase.project.client])
            for phase in phases
            # Most ended phases are reviewed; the rest show as "review due".
            if phase.ends_on < self.now.date() and rng.random() < 0.9
        ]
        PhaseReview.objects.bulk_create(reviews, batch_size=BATCH_SIZE)
        observations += [
            Observation(review_id=review.pk, **fields)
            for review in reviews
            for fields in self._observed(leanings[review.phase.project.client])
        ]
        Observation.objects.bulk_create(observations, batch_size=BATCH_SIZE)

    def _interactions(self, client: Client, starts: dict) -> list[Interaction]:
        rng = self.rng
        count = rng.randint(INTERACTIONS_PER_CLIENT - 2, INTERACTIONS_PER_CLIENT + 2)
        span = (self.now - starts[client]) / count
        kinds = [InteractionKind.MEETING, InteractionKind.CALL, InteractionKind.EMAIL]
        return [
            Interaction(
                client=client,
                occurred_at=starts[client] + span * index,
                kind=InteractionKind.DISCOVERY if index == 0 else rng.choice(kinds),
                gut=rng.randint(-2, 2) if rng.random() < 0.6 else None,
                notes="Synthetic interaction.",
                questions="What is the budget?\nWho decides?" if index == count - 1 else "",
            )
            for index in range(count)
        ]

    def _observed(self, leaning: float) -> list[dict]:
        rng = self.rng
        return [
            {
                "flag_id": rng.choice(self.green if rng.random() < leaning else self.red),
                "strength": rng.randint(1, 3),
            }
            for _ in range(OBSERVATIONS_PER_SOURCE)
        ]

    def _phases(self, project: Project, starts: dict) -> list[Phase]:
        start = starts[project.client].date() + timedelta(days=14)
        phases = []
        for number in range(1, self.rng.randint(1, 3) + 1):
            if start > self.now.date():
                break
            end = start + timedelta(days=self.rng.randint(20, 60))
            phases.append(
                Phase(project=project, name=f"Phase {number}", starts_on=start, ends_on=end)
            )
            start = end + timedelta(days=1)
        return phases

    def _review(self, phase: Phase, leaning: float) -> PhaseReview:
        rng = self.rng
        ratings = {
            field: min(5, max(1, round(1 + 4 * leaning + rng.uniform(-1, 1))))
            for field in RATING_FIELDS
        }
        reviewed_at = timezone.make_aware(
            datetime.combine(phase.ends_on + timedelta(days=rng.randint(1, 5)), datetime.min.time())
        ) + timedelta(hours=17)
        return PhaseReview(
            phase=phase,
            reviewed_at=min(reviewed_at, self.now),
            would_work_again=ratings["satisfaction"] >= 3,
            **ratings,
        )


def seed_own_catalogue(user, data: dict) -> tuple[MoveSummary, MoveSummary]:
    """Give a demo consultant their own catalogue ("My flags") from `data` (see
    demo.OWN_CATALOGUE): a copy of their catalogue with a flag of their own, every client
    moved onto it (where `data` sets other weights, their scores move), and that flag seen in
    the first call of the clients `data` names.

    Return the move's preview and its result (the same figures: the README shows them).
    """
    own = copy_catalogue(user=user, source=catalogue_for(user), name=data["name"])
    for key, weight in data["weights"].items():
        own.flags.filter(key=key).update(weight=weight)
    flag = add_flag(catalogue=own, fields={"opposite": "", **data["flag"]})
    preview = move_clients(user=user, catalogue=own, dry_run=True)
    result = move_clients(user=user, catalogue=own, dry_run=False)
    profile = profile_for(user)
    profile.preferred_catalogue = own
    profile.save(update_fields=["preferred_catalogue"])
    for name, note in data["seen"]:
        client = Client.objects.get(owner=user, name=name)
        first_call = client.interactions.order_by("occurred_at", "pk").first()
        Observation.objects.create(interaction=first_call, flag=flag, strength=2, note=note)
    refresh_scores(Client.objects.filter(owner=user, name__in=[name for name, _ in data["seen"]]))
    return preview, result


def own_catalogue(user, data) -> str:
    """Give the demo consultant their own catalogue (OWN_CATALOGUE); return the move's
    preview and result in words."""
    return move_report(*seed_own_catalogue(user, data.OWN_CATALOGUE))


def move_report(preview: MoveSummary, result: MoveSummary) -> str:
    """Return the move's preview and result in words, for the terminal."""

    def words(summary: MoveSummary) -> str:
        moves = ", ".join(
            f"{m.name} {m.before} → {m.after}"
            + (f" ({m.band_before} → {m.band_after})" if m.band_before != m.band_after else "")
            for m in summary.largest
        )
        return (
            f"{summary.clients} clients, {summary.score_changes} scores change, "
            f"{summary.band_changes} change band; largest moves: {moves or 'none'}"
        )

    return f"Own catalogue — preview: {words(preview)}\nOwn catalogue — result: {words(result)}"


# What seed_demo does for each demo consultant of clients.data.demos, in order, each a
# function (user, data module) that may return a line to print.
DEMO_STEPS = (seed_demo_clients, own_catalogue, plan_contacts)
