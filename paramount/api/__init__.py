"""The versioned JSON API for partners' systems (SECURITY 24): feed provenance and uploads,
and the partner organisation's referrals, behind per-client API tokens."""
