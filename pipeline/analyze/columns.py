"""The columns of the analysis frames (a leaf module: the output schema names them without
loading the analysis)."""

THEME_COLUMNS = ["theme", "label", "size", "example", "roles"]
ROLE_TERM_COLUMNS = ["role", "term", "weight", "rank"]
# how much a role's numbers rest on: its records (pages, postings) and distinct duties; the
# first columns of role_themes, and (as records_a / duties_a …) of role_pairs
SUPPORT_COLUMNS = ["records", "distinct_duties"]
# a pair's numbers with their bootstrap intervals (pipeline.analyze.support): NAME_low, NAME_high
INTERVAL_NUMBERS = ["cosine", "overlap_a_in_b", "overlap_b_in_a"]
PAIR_COLUMNS = ["role_a", "role_b", *(f"{name}{end}" for name in INTERVAL_NUMBERS for end in ("", "_low", "_high")),
                "shared_themes", "top_shared_terms", "records_a", "records_b", "duties_a", "duties_b",
                "example_matches"]
# `jdpipe compare`'s table (Comparison.table): a row per distinct duty of either role with its
# best match in the other; record_id / source: the first record of the role holding the duty
# (in the order of the duty rows), records: how many of the role's records hold it
COMPARISON_COLUMNS = ["side", "role", "duty", "record_id", "source", "records", "match_role", "best_match",
                      "match_record_id", "match_source", "match_records", "cosine", "matched"]
