"""python -m invoice_ocr.validate_data PATH: fail when the labelled invoices break the schema."""

import sys

import pandas as pd

from invoice_ocr.schema import INVOICE

if __name__ == "__main__":
    INVOICE.validate(pd.read_parquet(sys.argv[1]), lazy=True)
