"""What every stage shares: diagnostics, text helpers, the site map (every page's URI),
wording similarity and the parallel map. Imports nothing else of ours."""
