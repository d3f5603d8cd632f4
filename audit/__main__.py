"""`python -m audit` and the `audit` command.

The signal handlers are installed before the command line's imports (typer, rich), so that
Ctrl-C, SIGTERM or SIGHUP at any moment, the first tenth of a second included, ends the run
with 128 + the signal (audit/interrupts.py) rather than a traceback. The regular-expression
cache (audit/regexes.py) is installed then too, before any module compiles its patterns.
"""


def main() -> None:
    from audit import interrupts, regexes

    interrupts.install()
    regexes.install()
    try:
        from audit.cli import main as cli_main
    except Exception as exc:  # KeyboardInterrupt included; also one Python wrapped
        interrupt = interrupts.within(exc)
        if interrupt is None:
            raise
        raise SystemExit(interrupts.exit_code(interrupt)) from None
    except KeyboardInterrupt as exc:
        raise SystemExit(interrupts.exit_code(exc)) from None
    cli_main()


if __name__ == "__main__":  # not when a spawned worker process re-imports it
    main()
