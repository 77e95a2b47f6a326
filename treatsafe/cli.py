"""The `treatsafe` command: one entry point for everything a person runs.

It wraps Django's management commands (like datasette or sentry do), so `treatsafe serve`,
`treatsafe import-data` and `treatsafe migrate` all work, and `treatsafe --help` lists the
TreatSafe commands first. Commands are written with hyphens; Django's modules use underscores.
"""

import os
import sys


def _treatsafe_commands() -> dict[str, str]:
    from django.core.management import get_commands, load_command_class

    commands = {}
    for name, app in sorted(get_commands().items()):
        if app.startswith("treatsafe."):
            help_text = load_command_class(app, name).help.strip().splitlines()[0]
            commands[name.replace("_", "-")] = help_text
    return commands


def _print_help() -> None:
    print("Usage: treatsafe COMMAND [OPTIONS]\n")
    print("TreatSafe: a register, treatment checker and label checker for UK aesthetics.\n")
    print("Commands:")
    for name, help_text in _treatsafe_commands().items():
        print(f"  {name:<22} {help_text}")
    print("\nEvery Django management command also works (migrate, createsuperuser, shell ...).")
    print("Run `treatsafe COMMAND --help` for a command's options.")


def main(argv: list[str] | None = None) -> None:
    try:
        _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`treatsafe --help | head -1`, or `grep -q` under pipefail):
        # not an error. Point stdout at nothing so the interpreter's final flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


def _main(argv: list[str] | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatsafe.settings")
    import django

    django.setup()
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"} and len(args) == 1:
        _print_help()
        return
    args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(["treatsafe", *args])
    except DatabaseError as error:
        # The usual cause on a new machine: commands run before the database was set up.
        sys.exit(
            f"Database error: {error}\n"
            "Is the database set up? Run `treatsafe migrate` and `treatsafe import-data` "
            "(or `bash scripts/serve.sh`, which does both)."
        )


if __name__ == "__main__":
    main()
