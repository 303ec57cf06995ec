"""journey.spark on a local Spark (local[2], one session for the module): the engine tests of engine_cases.py
— every analysis of the partial API over DataFrames read from Parquet files whose rows are shuffled and whose
customers are spread over the files, split 1, 2, 7 and 64 ways, equals the in-memory answer; bad input
raises the in-memory API's exceptions, not Spark's."""

import os
import sys

import pytest
from pyspark.sql import SparkSession

import journey.spark
from engine_cases import *  # noqa: F401,F403 (the tests and the `cases` fixture)

# The workers run this interpreter, which has journey.
os.environ["PYSPARK_PYTHON"] = sys.executable


@pytest.fixture(scope="module")
def engine():
    return journey.spark


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("journey-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def read(spark):
    return lambda folder: spark.read.parquet(str(folder))
