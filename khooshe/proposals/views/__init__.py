"""The proposal pages, by sub-domain."""
