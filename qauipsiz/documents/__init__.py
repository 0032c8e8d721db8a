"""Printed forms: PDF rendering with WeasyPrint, the fonts shipped with the package, QR codes."""
