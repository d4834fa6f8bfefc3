"""The performance targets of the issue: values compared with ≤, except the browser time (<)."""

CORE_RATIO = 3.0  # core cold / YAML floor
WARM_RATIO = 0.1  # core warm / core cold
BUILD_RATIO = 1.2  # full build / anchor
PEAK_MEMORY = 1_000_000_000  # 1 GB; byte figures are shown in decimal units (kB, MB, GB)
GROWTH = 1.3  # site bytes per review at N / at REFERENCE_N
REFERENCE_N = 100
SERVE_RATIO = 0.2  # serve edit / full build
SERVE_EDIT_S = {1000: 1.5, 10000: 5.0}  # edit to served, by corpus size (issue 22)
PAYLOAD = 300_000  # Pagefind bytes for a first query
RESULTS_MS = 200.0  # Pagefind UI: last keystroke to results
