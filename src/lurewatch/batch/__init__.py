"""`lurewatch batch`: every conversation of an input analysed into one table row, on the process pool or on Spark.

`rows` (the row and how it is made), `output` (writing the table whole or not at all), `local` and `spark` (the two
engines) and `command` (the CLI). Only `spark` imports pyspark, and only `--engine spark` imports `spark`.
"""
