"""Models arrive with this part of the product; the app is registered now so URLs and settings stay stable."""
