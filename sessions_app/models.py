"""Models arrive with this part of the product; the app is registered already."""
