from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="accounts_sync_roles")
        from accounts import receivers  # noqa: F401


def _sync_roles(sender, **kwargs) -> None:
    # Permissions for new models exist only after migrate has run, hence post_migrate.
    if sender.name != "accounts":
        return
    from accounts.services import roles_sync

    roles_sync()
