"""The shipped lessons, installed as the package ``nnexplain.curriculum``.

Only data lives here: manifest.toml and one NAME.toml per lesson (docs/lessons.md
describes the format). This file exists so importlib.resources can find the folder;
nothing in lessons/ is ever executed.
"""
