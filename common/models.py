"""The toolkit's one model: the ledger of outgoing e-mails, which knows no domain.

(This module also makes Django send ``post_migrate`` for the ``common`` app, to which the
public data triggers are connected: apps.py.)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One e-mail handed to the task queue, keyed by its Message-ID (set once, when the
    message is written, and carried by every attempt of its task).

    It is what makes a sending happen once: the task locks this row while it talks to the
    mail server and marks ``sent_at`` in the same transaction, so a task run again (a
    worker killed, a task requeued, a retry) sees the mail already left and does not send
    it twice; a killed worker's lock goes with its connection. ``failed_at`` marks a mail
    given up after its last attempt (the alert is logged at ERROR, common.tasks).

    Rows are kept ``KEPT_FOR`` days, then pruned (common.tasks.prune_outgoing_emails): the
    addresses are personal data, and a task never runs again that long after."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    to = models.TextField(_("recipients"))
    subject = models.TextField(_("subject"))
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.to}"
