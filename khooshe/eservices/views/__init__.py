"""Pages of the e-service catalogue, by subject: ``catalogue`` (public list and service
page), ``manage`` (representatives' writes), ``agencies`` (an agency's catalogue, staff
review, readiness and the checklist)."""
