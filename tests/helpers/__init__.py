"""Code shared by the test modules (never imported from one test module by another)."""
