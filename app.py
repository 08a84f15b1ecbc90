"""WSGI entry point: `flask --app app …` and `gunicorn app:app`."""
from committee import create_app

app = create_app()
