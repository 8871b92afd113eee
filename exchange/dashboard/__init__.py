"""The home page: what waits for staff, what department heads follow, what
administrators keep right; every figure links to the list it counts."""
