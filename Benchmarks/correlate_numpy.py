#!/usr/bin/env python3
"""The numpy/scipy yardstick for `flarelog correlate`: the same analysis (spec v1), read from the same
database file. Aggregation uses the same GROUP BY; the statistics are the vectorised numpy/scipy
reference of Tests/Fixtures/make_analysis_fixtures.py (permutations as one matrix per test).

Usage: correlate_numpy.py DB
"""
import datetime as dt
import importlib.util
import json
import os
import sqlite3
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "reference", os.path.join(here, "..", "Tests", "Fixtures", "make_analysis_fixtures.py"))
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)


def load_database(path, since=None, until=None):
    """The reference's `load`, reading daily values from a flarelog database instead of CSV files."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    items = {row[0]: (row[1], row[2], row[3], row[4]) for row in
             db.execute("SELECT id, kind, name, value_type, aggregate FROM item")}
    catalog = {(kind, name): (value_type, aggregate) for kind, name, value_type, aggregate in items.values()}
    daily, observed = {}, set()
    ordinal_of = {}
    for item_id, day, maximum, total, count in db.execute(
            "SELECT item_id, local_day, max(value), sum(value), count(*) FROM entry "
            "WHERE deleted_at IS NULL GROUP BY item_id, local_day"):
        kind, name, _value_type, aggregate = items[item_id]
        ordinal = ordinal_of.get(day)
        if ordinal is None:
            ordinal = ordinal_of[day] = dt.date.fromisoformat(day).toordinal()
        value = {"max": maximum, "sum": total, "mean": total / count}.get(aggregate, 1.0 if maximum > 0 else 0.0)
        daily.setdefault((kind, name), {})[ordinal] = value
        observed.add(ordinal)
    flare_days = set()
    for start, end in db.execute("SELECT start_day, coalesce(end_day, start_day) FROM flare WHERE deleted_at IS NULL"):
        for ordinal in range(dt.date.fromisoformat(start).toordinal(), dt.date.fromisoformat(end).toordinal() + 1):
            flare_days.add(ordinal)
    observed |= flare_days
    return catalog, daily, observed, flare_days


reference.load = load_database
report = reference.correlate(sys.argv[1])
json.dump(report, sys.stdout, default=float)
