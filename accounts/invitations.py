"""The invitation: an email with a link where a new consultant chooses their password."""

import logging
import smtplib
from urllib.parse import urlsplit

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


def send_invitation(user, *, site_url: str) -> bool:
    """Email `user` a link to choose a password on the site at `site_url` (scheme and host).

    The link is the password reset's: it works once, for PASSWORD_RESET_TIMEOUT. Return False,
    and log why, when the mail server refused it.
    """
    site = urlsplit(site_url)
    context = {
        "user": user,
        "protocol": site.scheme,
        "domain": site.netloc,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = "".join(render_to_string("accounts/invitation_subject.txt", context).splitlines())
    body = render_to_string("accounts/invitation_email.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, smtplib.SMTPException):
        logger.exception("The invitation of consultant %s could not be sent", user.pk)
        return False
    return True
