"""`dealbook new-log <review id>`: a relationship log prefilled from its review (the metrics to
read at each check-in, the cadence, when the second debrief is due)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from generator.base.diagnostics import DealbookError
from generator.base.text import suggest
from generator.check.load import read_corpus
from generator.cli.scaffold import write_from_template
from generator.read.settings import Settings
from generator.summarize.relationships import debrief_state

LOG_TEMPLATE = "new-log.md.tmpl"


def new_log(settings: Settings, deal_id: str) -> Path:
    """Write the log of one review; returns its path. The review must be valid."""
    deals = {d.id: d for d in read_corpus(settings).deals}
    deal = deals.get(deal_id)
    if deal is None:
        hint = suggest(deal_id, sorted(deals))
        raise DealbookError(f"'{deal_id}' is not the id of a valid review"
                            + (f": {hint}" if hint else "; 'dealbook check' lists the "
                               "problems of reviews that are not valid"))
    ft = deal.follow_through
    first = ft.kickoff or deal.start_date or date.today()
    debrief = debrief_state(deal, None)
    metrics = "\n".join(f"      {json.dumps(m, ensure_ascii=False)}:" for m in ft.metrics)
    values = {"deal": deal.id, "date": first.isoformat(),
              "cadence": ft.cadence or "as agreed (the review sets no cadence)",
              "metrics": metrics or "      # (the review lists no metrics)",
              "debrief_due": (debrief.due if debrief else first + timedelta(days=30))
              .isoformat()}
    return write_from_template(settings, LOG_TEMPLATE, values,
                               settings.logs_dir / f"{deal.id}.md")
