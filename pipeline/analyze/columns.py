"""The columns of the analysis frames (a leaf module: the output schema names them without
loading the analysis)."""

THEME_COLUMNS = ["theme", "label", "size", "example", "roles"]
ROLE_TERM_COLUMNS = ["role", "term", "weight", "rank"]
PAIR_COLUMNS = ["role_a", "role_b", "cosine", "overlap_a_in_b", "overlap_b_in_a", "shared_themes", "top_shared_terms",
                "records_a", "records_b", "duties_a", "duties_b", "example_matches"]
