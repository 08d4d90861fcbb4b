"""REST API of the participants app, one module per topic."""
