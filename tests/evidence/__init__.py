"""The evidence base: records, their views, requests, documents and retention."""
