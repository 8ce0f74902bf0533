"""``python -m ncm_async``: the ``ncm-async`` command line without relying on PATH."""

from ncm_async.cli.main import main

if __name__ == "__main__":
    main()
