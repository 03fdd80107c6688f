"""Workouts pages, one module per feature; workouts/urls.py imports the modules."""
