"""Responses shared by the page families: a one-form page, an edit that lost a race."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A flag pressed in a form is no longer in the client's catalogue (it moved meanwhile).
FLAGS_CHANGED = gettext_lazy(
    "The client's flags changed since you opened this form: nothing was saved. "
    "Press the chips again and save."
)


def simple_form(
    request, form, *, title, submit, nav, client=None, template="clients/simple_form.html"
):
    """Render a one-form page (project, phase, boundary, settings)."""
    context = {"form": form, "title": title, "submit": submit, "nav": nav, "client": client}
    return render(request, template, context)


def conflict(request, template, context, instance):
    """Re-render a form whose record changed since it was opened, beside the saved version."""
    form = context["form"]
    instance.refresh_from_db()
    form.add_error(
        None,
        _(
            "Someone changed this after you opened it (another tab?). Nothing was overwritten: "
            "the saved version is shown below your changes; save again to keep yours."
        ),
    )
    form.data = form.data.copy()
    form.data["version"] = instance.version
    return render(
        request,
        template,
        {**context, "conflict": instance},
        status=409,
    )
