import subprocess
import sys


def test_treatsafe_help_lists_the_treatsafe_commands():
    result = subprocess.run(
        [sys.executable, "-m", "treatsafe.cli", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "serve" in result.stdout
    assert "Usage: treatsafe COMMAND" in result.stdout
