"""The ``pde`` console command: Django's manage.py under the platform's name.

Our own sub-commands are written with hyphens (``pde demo-data``,
``pde audit-verify``); Django names commands after modules, so hyphens in the
sub-command are turned into underscores before dispatch.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pde.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        # `pde help demo-data` names a sub-command too.
        if argv[1] == "help" and len(argv) > 2 and not argv[2].startswith("-"):
            argv[2] = argv[2].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
