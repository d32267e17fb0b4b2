"""Self-study lessons: the lesson file format, the engine that runs lessons, saved progress.

Lesson files are TOML data (docs/lessons.md describes the format); nothing in them is
ever executed. A ``run`` line names an nnexplain command, which is parsed and run
in-process by the CLI itself, so every number a lesson shows or checks is computed by
the tool. This package imports neither NumPy nor matplotlib at module level.
"""
