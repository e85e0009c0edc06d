"""Each line of an interaction's questions becomes an open question of its client.

The clients' stored count of open questions follows (the score itself is untouched).
"""

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from clients.models import split_questions


def questions_to_rows(apps, schema_editor):
    Interaction = apps.get_model("clients", "Interaction")
    Question = apps.get_model("clients", "Question")
    Client = apps.get_model("clients", "Client")
    written = Interaction.objects.exclude(questions="").order_by("occurred_at", "pk")
    rows = (
        Question(client_id=client_id, asked_in_id=pk, text=text, created_at=occurred_at)
        for pk, client_id, occurred_at, questions in written.values_list(
            "pk", "client_id", "occurred_at", "questions"
        ).iterator()
        for text in split_questions(questions)
    )
    Question.objects.bulk_create(rows, batch_size=1000)
    open_counts = (
        Question.objects.filter(client=OuterRef("pk"), status="open")
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Client.objects.update(open_questions=Coalesce(Subquery(open_counts), 0))


def rows_to_questions(apps, schema_editor):
    Question = apps.get_model("clients", "Question")
    Question.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_question")]

    operations = [migrations.RunPython(questions_to_rows, rows_to_questions)]
