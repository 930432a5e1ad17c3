"""Pictures of the program view: matplotlib charts and Graphviz graphs, drawn server-side.

Functions take the domain's plain records and return SVG text or PNG bytes; the web
pages embed them and the digest uploads one. No layout or charting code of our own:
matplotlib draws the charts, Graphviz's `dot` lays out the dependency graph.
"""
