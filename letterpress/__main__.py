"""``python -m letterpress``: the same command as ``letterpress``."""
from .cli import run

run()
