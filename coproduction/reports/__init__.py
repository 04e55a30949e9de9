"""Trustee progress reports: the one top layer that may read every app, and that nothing
imports. `figures` works the numbers out, `suppression` hides small ones, `charts` draws
them, `files` makes the PDF and CSV, `build` does it all in the background."""
