"""Create the two role groups. Their permissions on the register's models are granted after every
migrate (treatsafe.accounts.roles.grant_assessor_permissions), so they follow the register's models
as they are added without this migration depending on another app's migrations."""

from django.db import migrations

ROLE_GROUPS = ("practitioners", "assessors")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile_and_verification"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
