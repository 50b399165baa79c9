"""One module per dashboard page; each has `render(view)` and only arranges queries, charts and text."""
