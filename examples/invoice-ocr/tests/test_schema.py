import pandas as pd
import pytest

from invoice_ocr.schema import INVOICE


def test_a_negative_total_is_refused():
    frame = pd.DataFrame({"supplier": ["A"], "total": [-1.0], "vat": [0.0], "label": ["invoice"]})
    with pytest.raises(Exception):
        INVOICE.validate(frame)
