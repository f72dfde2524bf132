"""Fill the kept counts from the rows that exist: each job's live bids, which reviews are
published (and so counted), and each provider's completed jobs and ratings. Plain SQL, set
by set, so it takes seconds at a million bids; `manage.py recount_marketplace_stats` checks
the result against the same recount the services keep."""

from django.db import migrations

FILL = """
UPDATE marketplace_job AS job SET bid_count = live.n
FROM (
    SELECT job_id, count(*) AS n FROM marketplace_bid
    WHERE status <> 'withdrawn' GROUP BY job_id
) AS live
WHERE live.job_id = job.id;

UPDATE marketplace_review SET in_provider_stats = true
WHERE direction = 'of_provider' AND hidden_at IS NULL AND published_at <= now();

INSERT INTO marketplace_providerstats (organization_id, completed_jobs, review_count, rating_sum)
SELECT organization_id, sum(completed), sum(reviews), sum(ratings)
FROM (
    SELECT bid.organization_id, count(*) AS completed, 0 AS reviews, 0 AS ratings
    FROM marketplace_job AS job JOIN marketplace_bid AS bid ON bid.id = job.awarded_bid_id
    WHERE job.status = 'completed'
    GROUP BY bid.organization_id
    UNION ALL
    SELECT provider_id, 0, count(*), sum(rating)
    FROM marketplace_review WHERE in_provider_stats
    GROUP BY provider_id
) AS counted
GROUP BY organization_id;
"""

EMPTY = """
DELETE FROM marketplace_providerstats;
UPDATE marketplace_review SET in_provider_stats = false;
UPDATE marketplace_job SET bid_count = 0;
"""


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0009_kept_counts")]

    operations = [migrations.RunSQL(FILL, EMPTY)]
