import os
import subprocess
import sys


def test_treatsafe_help_lists_the_treatsafe_commands():
    result = subprocess.run(
        [sys.executable, "-m", "treatsafe.cli", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "serve" in result.stdout
    assert "Usage: treatsafe COMMAND" in result.stdout


def test_a_command_run_before_the_database_is_set_up_explains_what_to_do(tmp_path):
    env = {**os.environ, "TREATSAFE_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "treatsafe.cli", "postcode", "W1G 9PF"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert "Is the database set up? Run `treatsafe migrate`" in result.stderr
    assert "Traceback" not in result.stderr
