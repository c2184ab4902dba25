"""pairaid under Apache Spark, as a user would run it: no code of ours on the
cluster but the binary.

The binary is shipped with SparkContext.addFile; each partition of a JSONL
corpus (one {"id", "text", ...} object a line) is piped through
`pairaid extract - --quiet --on-error record`; the records come back as
JSON text, events apart from error records. The events are then read back as
a DataFrame with an explicit schema derived from schema/event.schema.json,
and yuan by donor province and year is printed.

    python extract.py --corpus corpus.jsonl --binary target/release/pairaid \
        --out out/ --partitions 4

See run.sh beside it for a complete local run.
"""

import argparse
import json
import os
import time

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# pairaid writes `schema` first, so a record's kind is its first bytes.
EVENT = '{"schema":"pairaid.event/1"'
ERROR = '{"schema":"pairaid.error/1"'

JSON_TYPES = {
    "string": T.StringType(),
    "integer": T.LongType(),
    "number": T.DoubleType(),
    "boolean": T.BooleanType(),
}


def spark_type(node, defs):
    """The Spark type of one JSON Schema node (a nullable union is its type)."""
    if "$ref" in node:
        return spark_type(defs[node["$ref"].split("/")[-1]], defs)
    if "oneOf" in node:
        kinds = [n for n in node["oneOf"] if n.get("type") != "null"]
        return spark_type(kinds[0], defs)
    if "enum" in node or "const" in node:
        return T.StringType()
    kind = node["type"]
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "object":
        return struct(node, defs)
    if kind == "array":
        return T.ArrayType(spark_type(node["items"], defs))
    return JSON_TYPES[kind]


def struct(node, defs):
    """A struct of an object's properties, in the schema's order."""
    return T.StructType(
        [T.StructField(name, spark_type(prop, defs), True) for name, prop in node["properties"].items()]
    )


def event_schema(path):
    """The DataFrame schema of pairaid.event/1 records."""
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    return struct(schema, schema.get("$defs", {}))


def binary_path(spark, name):
    """Where a partition finds the shipped binary: in local mode the driver's
    SparkFiles directory, which the local executors share; on a cluster each
    executor fetches added files into its working directory."""
    if spark.sparkContext.master.startswith("local"):
        return SparkFiles.get(name)
    return "./" + name


def corpus_rdd(sc, path, partitions):
    """The corpus as lines, in exactly `partitions` partitions of about the
    same size (a file is split by blocks, 32 MB for local files, so merging
    splits would leave one partition twice the size of another)."""
    lines = sc.textFile(path, minPartitions=partitions)
    if lines.getNumPartitions() != partitions:
        lines = lines.repartition(partitions)
    return lines


def extract(spark, args):
    """Pipes the corpus through pairaid; writes events/ and errors/ under
    --out; returns the number of error records."""
    sc = spark.sparkContext
    sc.addFile(os.path.abspath(args.binary))
    name = os.path.basename(args.binary)
    command = f"{binary_path(spark, name)} extract - --quiet --on-error record {args.pairaid_args}"
    lines = corpus_rdd(sc, args.corpus, args.partitions)
    records = lines.pipe(command.strip(), checkCode=True).persist(StorageLevel.DISK_ONLY)
    records.filter(lambda r: r.startswith(EVENT)).saveAsTextFile(os.path.join(args.out, "events"))
    errors = records.filter(lambda r: r.startswith(ERROR))
    errors.saveAsTextFile(os.path.join(args.out, "errors"))
    failed = errors.count()
    records.unpersist()
    return lines.getNumPartitions(), failed


def yuan_by_province_year(spark, args):
    """Funds in yuan by the donor's province and the year they were for."""
    events = spark.read.schema(event_schema(args.schema)).option("mode", "FAILFAST").json(os.path.join(args.out, "events"))
    provinces = (
        spark.read.csv(args.places, sep="\t", header=True, comment="#")
        .filter(F.col("level") == "province")
        .select(F.col("code").alias("province_code"), F.col("name").alias("province"))
    )
    return (
        events.filter(
            (F.col("type") == "funds") & (F.col("quantity.unit") == "CNY") & F.col("donor").isNotNull() & F.col("year").isNotNull()
        )
        .withColumn("province_code", F.concat(F.substring("donor.code", 1, 2), F.lit("0000")))
        .groupBy("province_code", "year")
        .agg(F.sum("quantity.value").cast("long").alias("yuan"), F.count("*").alias("events"))
        .join(provinces, "province_code", "left")
        .select("province", "province_code", "year", "yuan", "events")
        .orderBy(F.desc("yuan"))
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, help="JSONL articles (a path or URI Spark reads)")
    parser.add_argument("--binary", required=True, help="the pairaid binary to ship")
    parser.add_argument("--out", required=True, help="output directory (must not exist)")
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--schema", default=os.path.join(ROOT, "schema/event.schema.json"))
    parser.add_argument("--places", default=os.path.join(ROOT, "gazetteers/places.tsv"))
    parser.add_argument("--pairaid-args", default="", help="more pairaid options, e.g. '--jobs 1'")
    parser.add_argument("--rows", type=int, default=20, help="rows of the table to print")
    args = parser.parse_args()

    spark = (
        SparkSession.builder.master(args.master)
        .appName("pairaid")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    started = time.monotonic()
    partitions, failed = extract(spark, args)
    seconds = time.monotonic() - started
    print(f"pairaid under Spark: {partitions} partitions, {seconds:.1f} s, {failed} error records")
    yuan_by_province_year(spark, args).show(args.rows, truncate=False)
    spark.stop()


if __name__ == "__main__":
    main()
