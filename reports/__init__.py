"""Presentation: Jinja2 templates, PNG charts and the email. No Dagster imports here."""
