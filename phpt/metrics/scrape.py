#!/usr/bin/python3
"""Reads a Prometheus scrape on stdin with prometheus_client's own parsers (text 0.0.4, or
OpenMetrics with --openmetrics) and prints every sample as `name{label="value",...} value`, labels
sorted, one per line, sorted: a parse failure fails the test that calls it."""
import sys

from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.openmetrics.parser import text_string_to_metric_families as om_families

text = sys.stdin.read()
families = om_families(text) if "--openmetrics" in sys.argv else text_string_to_metric_families(text)
lines = []
for family in families:
    for s in family.samples:
        labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
        value = s.value
        shown = repr(value) if not float(value).is_integer() else str(int(value))
        lines.append("%s{%s} %s [%s]" % (s.name, labels, shown, family.type))
print("\n".join(sorted(lines)))
