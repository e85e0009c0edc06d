"""The only doors to a record: each fetches it for this consultant, with what its pages
read, so no view can show or change another consultant's data (404, not 403)."""

from django.shortcuts import get_object_or_404

from ..models import Client, Interaction, Phase, Project


def get_client_for_user(request, pk) -> Client:
    return get_object_or_404(Client.objects.select_related("catalogue"), pk=pk, owner=request.user)


def get_interaction_for_user(request, pk) -> Interaction:
    return get_object_or_404(
        Interaction.objects.select_related("client__catalogue"), pk=pk, client__owner=request.user
    )


def get_phase_for_user(request, pk) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("project__client__catalogue", "review"),
        pk=pk,
        project__client__owner=request.user,
    )


def get_project_for_user(request, pk) -> Project:
    return get_object_or_404(
        Project.objects.select_related("client"), pk=pk, client__owner=request.user
    )
