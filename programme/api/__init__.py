"""REST API of the pages that combine apps: the learning-zone timeline."""
