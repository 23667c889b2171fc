"""What a valid extracted invoice looks like: checked before training and in CI."""

import pandera as pa

INVOICE = pa.DataFrameSchema(
    {
        "supplier": pa.Column(str, nullable=False),
        "total": pa.Column(float, pa.Check.ge(0)),
        "vat": pa.Column(float, pa.Check.ge(0)),
        "label": pa.Column(str, pa.Check.isin(["invoice", "credit-note", "receipt"])),
    }
)
