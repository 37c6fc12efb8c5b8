"""Sub-command groups of the `briefbot` CLI; each module has add_parsers(subparsers)."""
