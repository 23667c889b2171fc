"""The extraction service: a quantised model behind FastAPI, with metrics for Prometheus."""

import torch
from fastapi import FastAPI
from prometheus_client import Counter, make_asgi_app

app = FastAPI()
app.mount("/metrics", make_asgi_app())
PAGES = Counter("invoice_pages_total", "Invoice pages read")
MODEL = torch.quantization.quantize_dynamic(load_model(), {torch.nn.Linear}, dtype=torch.qint8)


@app.get("/health")
def health():
    return {"ok": True}
