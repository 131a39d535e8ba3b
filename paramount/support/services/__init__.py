"""Writes of the partner organisation's case work, one module per concern:

- :mod:`.cases` — the case's state machine, intake and allocation, assessment, plan, closure;
- :mod:`.wellbeing` — wellbeing scores;
- :mod:`.sessions` — sessions and volunteer mentoring;
- :mod:`.release` — later prison movements: release planning tasks and alerts;
- :mod:`.school` — school liaison under the family's consent.

Each service is atomic, checks who may act, and audits in the same transaction.
"""
