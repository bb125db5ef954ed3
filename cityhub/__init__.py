"""CityHub: one GraphQL API and one HTMX portal for Taiyuan's city services."""

__version__ = "0.1.0"
