"""Pages of the support programs, one module per subject: programs, the calculator,
applications (and their workflow and jobs), the fund officer's desk (statements, repayments,
portfolio export) and support packages. ``loans/urls.py`` imports the modules."""
