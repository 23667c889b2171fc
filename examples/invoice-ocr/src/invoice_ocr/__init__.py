"""Invoice OCR and classification (fictional example)."""
