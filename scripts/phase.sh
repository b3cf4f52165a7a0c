# Sourced by run.sh and test.sh: `phase N TOTAL TEXT` prints a numbered phase with the time so far,
# `phases_done` the total time.
rr_started=$(date +%s)
phase() {
  echo "rr-php: [$1/$2] $3 ($(( $(date +%s) - rr_started )) s so far)" >&2
}
phases_done() {
  echo "rr-php: $1 in $(( $(date +%s) - rr_started )) s" >&2
}
