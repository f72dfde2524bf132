"""Certification in Django admin, one module a topic. Country data and label history are
read-only here: country data comes from `load_country_incomes`, and labels, applications,
concerns and changed facts change only through the services, by actions that ask for a note."""

from certification.admin import appeals, applications, concerns, facts, findings, incomes, labels

__all__ = ["appeals", "applications", "concerns", "facts", "findings", "incomes", "labels"]
