"""audit: where a syndicated news article came from and how well it was translated."""

__version__ = "0.1.0"
