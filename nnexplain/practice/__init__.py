"""Practice with fresh numbers: problem templates (templates.py), drawing problems
from one seeded generator (problems.py), checking templates (check.py), the drill's
schedule and progress, and worksheets for a class."""
