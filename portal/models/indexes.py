"""Indexes serving the sorts and filters of the lists (migration 0009), one place for the models and the migration.

Every keyset list walks an index ending with its sort key then id, after the equality filters it uses: a deep page
then costs what the first one does. Sorts on an expression (lower(name), an unset start date) index the same
expression the query writes.
"""
from __future__ import annotations

from sqlalchemy import Index, func, literal_column, text

# The start-date sort puts unset dates after every real one; the query writes exactly this expression.
START_DATE_KEY = "coalesce(start_date, '9999-12-31')"
LAST_DAY = literal_column("'9999-12-31'")

# Waiting for review or decision: the coordinator's home lists these by submission (a few thousand rows of a hundred
# thousand, which an index on submitted_at alone walks past one by one).
IN_REVIEW = text("status IN ('submitted', 'recommended')")

APPLICATION_INDEXES = (
    Index("ix_applications_status_submitted", "status", "submitted_at", "id"),
    Index("ix_applications_submitted", "submitted_at", "id"),
    Index("ix_applications_status_requested", "status", "requested_total_cents", "id"),
    Index("ix_applications_status_start", "status", text(START_DATE_KEY), "id"),
    Index("ix_applications_call_status_submitted", "call_id", "status", "submitted_at", "id"),
    Index("ix_applications_status_country_submitted", "status", "destination_country", "submitted_at", "id"),
    Index("ix_applications_organisation_updated", "organisation_id", "updated_at", "id"),
    # The carbon page sums these per call and status from the index alone, and the ministry queue the requested
    # amounts per call (included by migration 0016).
    Index("ix_applications_call_status_carbon", "call_id", "status", "co2_kg", "offset_cents",
          postgresql_include=["requested_total_cents"]),
    Index("ix_applications_in_review_submitted", "submitted_at", "id", postgresql_where=IN_REVIEW,
          sqlite_where=IN_REVIEW),
    # Migration 0015: the queue filtered by country over every status (no status index applies), by amount or age.
    Index("ix_applications_country_requested", "destination_country", "requested_total_cents", "id"),
    Index("ix_applications_country_submitted", "destination_country", "submitted_at", "id"),
    # Migration 0016: the queue's capped count filtered by country and region over every status joins the country's
    # applications to the region's centres from this index alone (10 ms → 1.4 ms at full size).
    Index("ix_applications_country_organisation", "destination_country", "organisation_id",
          postgresql_include=["status"]),
)
FINAL_REPORT_INDEXES = (Index("ix_final_reports_status_submitted", "status", "submitted_at", "id"),)
# Migration 0015: the coordinator's home counts pairings answered lately, and pairings still standing per application
# in review (an index-only probe each); the reciprocity dashboard reads one kind's rows of one year (or all years), and its first and last years.
NOT_DECLINED = text("status <> 'declined'")
PAIRING_INDEXES = (
    Index("ix_pairings_responded", "partner_responded_at"),
    Index("ix_pairings_standing_application", "application_id", postgresql_where=NOT_DECLINED,
          sqlite_where=NOT_DECLINED),
)
RECIPROCITY_TOTAL_INDEXES = (Index("ix_reciprocity_totals_year_kind", "year", "owner_kind"),)
# The open obligations due this year or later, read across partners.
OBLIGATION_TOTAL_INDEXES = (Index("ix_reciprocity_obligation_totals_due_year", "due_year", "partner_id",
                                  postgresql_include=["open", "met"]),)  # read from the index alone
# Every partner's places taken in one year (the pairing page).
PARTNER_BOOKING_INDEXES = (Index("ix_partner_bookings_year", "year", "partner_id"),)
ORGANISATION_INDEXES = (
    Index("ix_organisations_kind_name", "kind", "name", "id"),
    Index("ix_organisations_lower_name", func.lower(literal_column("name")), "id"),
)
USER_INDEXES = (Index("ix_users_role_email", "role", "email", "id"),)
AUDIT_INDEXES = (
    Index("ix_audit_events_created", "created_at", "id"),
    Index("ix_audit_events_object", "object_type", "object_id", "created_at", "id"),
    Index("ix_audit_events_action", "action", "created_at", "id"),
    Index("ix_audit_events_actor", "actor_id", "created_at", "id"),
)
ALL = {"applications": APPLICATION_INDEXES, "final_reports": FINAL_REPORT_INDEXES,
       "organisations": ORGANISATION_INDEXES, "users": USER_INDEXES, "audit_events": AUDIT_INDEXES,
       "pairings": PAIRING_INDEXES, "reciprocity_totals": RECIPROCITY_TOTAL_INDEXES,
       "reciprocity_obligation_totals": OBLIGATION_TOTAL_INDEXES,
       "partner_bookings": PARTNER_BOOKING_INDEXES}
