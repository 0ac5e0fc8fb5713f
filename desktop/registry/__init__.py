"""Registry exports (design §12): read the registries' own downloads and keep them.

``formats`` (which header is which registry), ``read`` (CSV/XLSX → normalised records),
``reconcile`` (the sweep of claimed blocks against registry blocks), ``store`` (exports
kept as evidence under ``registry/``, their records in ``registry_record``), ``lookup``
(the records a claim touches, found in SQL), ``rederive`` (``verify``: the records are
the stored export's). Pure except ``store``, ``lookup`` and ``rederive``; no Qt anywhere.
The checks built on them are in :mod:`desktop.rules.registry`.
"""
