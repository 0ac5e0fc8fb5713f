"""Reading a ``veridesk-dossier/1``: the manifest, its tables and its evidence files."""
