"""Printed forms: PDF from Typst templates, the fonts shipped with the package, the marks every form shares, DOCX."""
