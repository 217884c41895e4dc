"""Tools that run the course rather than teach it: the lab launcher, the notebook runner and
the check that notebooks take hardware figures from :mod:`helpers.specs`."""
