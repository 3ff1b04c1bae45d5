import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperacja.settings")

from kooperacja.settings import require_secret_key

require_secret_key()  # production never serves on the built-in insecure key
application = get_asgi_application()
