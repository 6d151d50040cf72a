"""Writes of the e-service catalogue; every one takes ``actor=`` and checks permissions."""

from khooshe.eservices.services.catalogue import (
    STATUS_MACHINE,
    catalogue_review,
    eservice_confirm,
    eservice_create,
    eservice_transition,
    eservice_update,
    transactions_record,
)

__all__ = [
    "STATUS_MACHINE",
    "catalogue_review",
    "eservice_confirm",
    "eservice_create",
    "eservice_transition",
    "eservice_update",
    "transactions_record",
]
