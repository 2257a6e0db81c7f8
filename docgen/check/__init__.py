"""From a draft to findings: structure, mapping to the model and its clauses, the rules, reports; the check job."""
