"""The registry's pages, function-based, one module per subject (``urls.py`` imports the
modules): reads through selectors, writes through services, refusals shown by
:mod:`khooshe.core.pages`."""
