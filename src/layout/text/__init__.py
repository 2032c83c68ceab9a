"""Text in, positioned glyphs out: measure → linebreak → setline. The five modules of that path are loaded
compiled when `make` has compiled them from these very sources (layout/native.py), else as they are here."""
from ..native import search_path

__path__[:0] = search_path()
