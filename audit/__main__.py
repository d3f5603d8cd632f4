"""`python -m audit` runs the same CLI as the `audit` command."""

from audit.cli import main

main()
