"""operator-app: the shop-floor client that line PCs run beside production machines."""

__version__ = "0.1.0"
