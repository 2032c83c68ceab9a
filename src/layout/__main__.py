"""`python -m layout` is the `layout` command."""
from .cli import command

command()
