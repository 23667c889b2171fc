"""maturity: MLOps maturity assessment as code.

The version lives here and nowhere else: ``pyproject.toml`` reads it
(``[tool.setuptools.dynamic]``), the command's ``--version``, ``maturity init``'s pin and
the link checker's user agent import it. The distribution is ``mlops-maturity``; the
import package and the command are ``maturity``.
"""

__version__ = "0.1.0"
DISTRIBUTION = "mlops-maturity"
EXTRAS = "site,notebooks"  # what a new assessment repository installs
