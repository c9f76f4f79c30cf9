"""The ``spravka`` command line: a thin layer over the ``vault`` API."""
