"""Fine-tune the layout model on labelled invoices and log the run to MLflow."""

import mlflow
from sklearn.model_selection import train_test_split
from transformers import AutoModelForTokenClassification

DATA = "s3://tailspin-ml/invoice-ocr/labelled/2026-10.parquet"


def main(frame):
    train, test = train_test_split(frame, test_size=0.2, random_state=7)
    model = AutoModelForTokenClassification.from_pretrained("microsoft/layoutlmv3-base")
    with mlflow.start_run():
        mlflow.log_param("base_model", "layoutlmv3-base")
        trainer = fit(model, train)
        scores = trainer.evaluate(test)
        mlflow.log_metric("field_f1", scores["eval_f1"])
        mlflow.register_model(f"runs:/{mlflow.active_run().info.run_id}/model", "invoice-ocr")
