"""The file formats: YAML nodes -> model objects, with line-numbered Diagnostics."""
