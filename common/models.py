"""The toolkit has no model. This module exists so that Django sends ``post_migrate`` for
the ``common`` app, to which the public data triggers are connected (apps.py)."""
