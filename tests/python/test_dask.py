"""journey.dask on a local distributed cluster (two single-threaded worker processes, one for the module):
the engine tests of engine_cases.py — every analysis of the partial API over Dask DataFrames read from
Parquet files whose rows are shuffled and whose customers are spread over the files, split 1, 2, 7 and 64
ways, equals the in-memory answer; bad input raises the in-memory API's exceptions, not a worker's."""

import dask.dataframe as dd
import pytest
from distributed import Client, LocalCluster

import journey.dask
from engine_cases import *  # noqa: F401,F403 (the tests and the `cases` fixture)


@pytest.fixture(scope="module")
def engine():
    return journey.dask


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        with Client(local) as client:
            yield client


@pytest.fixture(scope="module")
def read(cluster):
    return lambda folder: dd.read_parquet(str(folder))
