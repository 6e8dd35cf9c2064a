"""The command line: ``recoverynav <command>``; one module per capability, imported only when used."""
