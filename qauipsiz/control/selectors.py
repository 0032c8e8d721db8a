"""The reads production control shares between its pages, API and documents."""
