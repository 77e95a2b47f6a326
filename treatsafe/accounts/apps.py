from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_assessor_permissions(sender, **kwargs):
    """After migrate creates the register's permissions, give them to the assessors group, so
    models the register adds later are covered without a new migration here."""
    from treatsafe.accounts.roles import ASSESSOR_APP_LABEL, grant_assessor_permissions

    if sender.label == ASSESSOR_APP_LABEL:
        grant_assessor_permissions()


class AccountsConfig(AppConfig):
    name = "treatsafe.accounts"
    label = "accounts"

    def ready(self):
        # Connected after django.contrib.auth's create_permissions (auth is ready first), so the
        # register's permissions exist by the time this runs.
        post_migrate.connect(_sync_assessor_permissions, dispatch_uid="accounts-assessor-perms")
