"""The domain and its storage: the SKM instrument, models, validation, services, queries."""
