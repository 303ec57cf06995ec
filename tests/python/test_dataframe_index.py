"""Customer ids (or any column the log reads) in a pandas DataFrame's index are read as the column they name."""

import pandas as pd
import pytest

import journey

ROWS = {
    "customer_id": ["a", "a", "b"],
    "timestamp": ["2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z", "2026-03-02T09:00:00Z"],
    "touchpoint": ["ad", "site", "ad"],
}


def answers(log):
    return len(log), log.customer_count, log.discover().to_dict()


def test_a_column_named_after_the_index_is_read_from_it():
    plain = journey.EventLog.from_arrow(pd.DataFrame(ROWS))
    indexed = pd.DataFrame(ROWS).set_index("customer_id")
    assert answers(journey.EventLog.from_arrow(indexed)) == answers(plain)
    renamed = indexed.rename_axis("user")
    assert answers(journey.EventLog.from_arrow(renamed, customer="user")) == answers(plain)
    # Two levels: the one named is read.
    both = pd.DataFrame(ROWS).set_index(["customer_id", "touchpoint"])
    assert answers(journey.EventLog.from_arrow(both)) == answers(plain)


def test_an_index_without_a_name_is_customer_index():
    frame = pd.DataFrame({k: v for k, v in ROWS.items() if k != "customer_id"}, index=ROWS["customer_id"])
    log = journey.EventLog.from_arrow(frame, customer="index")
    assert answers(log) == answers(journey.EventLog.from_arrow(pd.DataFrame(ROWS)))


def test_a_column_in_neither_is_still_missing():
    frame = pd.DataFrame(ROWS).set_index("customer_id")
    with pytest.raises(journey.ParseError) as raised:
        journey.EventLog.from_arrow(frame, customer="user")
    assert raised.value.kind == "arrow"
    assert "user" in str(raised.value)
    # A column wins over an index level of the same name.
    frame = pd.DataFrame(ROWS, index=pd.Index(["x", "y", "z"], name="customer_id"))
    assert journey.EventLog.from_arrow(frame).customer_count == 2
