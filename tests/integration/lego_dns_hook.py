#!/usr/bin/python3
"""lego's exec DNS provider for the ACME tests: `present FQDN VALUE` adds the TXT record to
the test's dnsmasq (a restart, as dcv_peers.Dns does); `cleanup` leaves it. The test takes
the restarted dnsmasq over afterwards (Dns.resync). Environment: DNS_DIR and DNS_PORT of
the test's dcv_peers.Dns."""

import os
import sys

import dcv_peers


def main():
    action, fqdn, value = sys.argv[1:4]
    if action == "present":
        dns = dcv_peers.Dns.attach(os.environ["DNS_DIR"], int(os.environ["DNS_PORT"]))
        dns.add('txt-record=%s,"%s"' % (fqdn.rstrip("."), value))
    return 0


if __name__ == "__main__":
    sys.exit(main())
