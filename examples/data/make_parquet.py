"""Writes electronics-events.parquet: electronics-events.csv as a Parquet file, for the Rust example
journey-core/examples/read_parquet.rs and the test journey-core/tests/arrow.rs, which check that it reads as
the same log as the CSV. Timestamps are Arrow timestamps in milliseconds (UTC), the touchpoints and channels
dictionaries, the order values floats; the file is uncompressed, so that a reader needs no codec.
Run: python3 make_parquet.py (needs pyarrow)"""
import os

import pyarrow as pa
import pyarrow.csv as pv
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
text = pa.string()
types = {"customer_id": text, "timestamp": pa.timestamp("ms", tz="UTC"), "touchpoint": text, "channel": text,
         "device": text, "session": text, "segment": text, "order_value": pa.float64()}
table = pv.read_csv(os.path.join(HERE, "electronics-events.csv"),
                    convert_options=pv.ConvertOptions(column_types=types))
table = table.set_column(2, "touchpoint", table["touchpoint"].dictionary_encode())
table = table.set_column(3, "channel", table["channel"].dictionary_encode())
pq.write_table(table, os.path.join(HERE, "electronics-events.parquet"), compression="none", row_group_size=4096)
