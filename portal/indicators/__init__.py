"""The ministry's indicators: SQL aggregates filtered like the page, SVG charts, CSV/XLSX exports, annual report."""
