"""Styling numbers live in templates: the shipped templates spell out every decor, makeup and page-head
setting (so a house changes YAML, not Python), and the values there are what the layout uses."""
from __future__ import annotations

import copy
from dataclasses import fields
from pathlib import Path

import yaml

from layout.model.manifest import load_edition
from layout.model.style import Decor, Makeup
from layout.pages.autoplace import place

from ..layout.test_pages import AUTO

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "layout" / "templates"


def test_shipped_template_spells_out_every_setting():
    data = yaml.safe_load((TEMPLATES / "broadsheet.yaml").read_text(encoding="utf-8"))
    for section, cls in (("decor", Decor), ("makeup", Makeup)):
        assert set(data[section]) == {f.name for f in fields(cls)}, section
        defaults = cls()
        for f in fields(cls):                      # the YAML and the Python defaults agree
            assert abs(float(data[section][f.name]) - float(getattr(defaults, f.name))) < 1e-9, (section, f.name)


def test_makeup_settings_drive_automatic_placement(edition_factory):
    photos = {"photos/p1.jpg": (3200, 2400), "photos/p2.jpg": (2400, 3200)}
    ed = load_edition(str(edition_factory(copy.deepcopy(AUTO), photos=photos)))
    page = ed.pages[0]
    tpl = page.template or ed.template
    heads = {}
    for lines in (8, 11):
        custom = tpl.__class__(**{**tpl.__dict__, "makeup": Makeup(stacked_head_lines=lines)})
        blocks = place(page.auto, ed, custom, {})
        heads[lines] = next(b.lines for b in blocks if b.kind == "headline")
    assert heads == {8: 8, 11: 11}                 # the kicker makes it a stacked head
