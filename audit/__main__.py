"""`python -m audit` runs the same CLI as the `audit` command."""

from audit.cli import main

if __name__ == "__main__":  # not when a spawned worker process re-imports it
    main()
