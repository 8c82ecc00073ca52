# Copy to instance/config.py and adapt; environment variables override these values.
# Never commit instance/config.py: it holds secrets.
# SECRET_KEY = "…at least 32 random characters…"
# DATABASE_URL = "postgresql://portal:password@localhost:5432/portal"
# STORAGE_BACKEND = "s3"
# S3_BUCKET = "portal-documents"
# S3_ENDPOINT_URL = "https://s3.example.org"
# MAIL_BACKEND = "smtp"
# MAIL_SERVER = "smtp.example.org"
# MAIL_PORT = 587
# MAIL_USE_TLS = True
# PUBLIC_BASE_URL = "https://mobilite.example.org"
