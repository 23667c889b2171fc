"""Charts: figures drawn with a charting library, for the site and the notebooks (an edge)."""
