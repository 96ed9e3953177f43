"""The specs load through importlib.resources from the installed package."""

from __future__ import annotations

from importlib import resources

import pytest

from kiwoom_gui.base.resources_io import load_json
from kiwoom_gui.orders.specs import load_orders, load_rules


def test_resources_are_package_data():
    names = {p.name for p in resources.files("kiwoom_gui.resources").iterdir()}
    assert {"orders.json", "rules.json"} <= names


def test_every_condition_names_real_fields():
    orders = load_orders()
    for cond in load_rules().conditions:
        users = [o for o in orders.values() if o.has_field(cond.field)]
        assert users, cond.field
        for spec in users:
            dep = spec.body_field(cond.depends_on)
            assert cond.required_when <= {o.code for o in dep.enum}


def test_every_field_kind_has_rules():
    kinds = load_rules().kinds
    for spec in load_orders().values():
        for f in spec.request_body:
            assert f.kind in kinds, (spec.api_id, f.key)


@pytest.mark.parametrize("name", ["../pyproject.toml", "/etc/passwd", ".hidden"])
def test_resource_names_cannot_escape(name):
    with pytest.raises(ValueError):
        load_json(name)
