"""The MariaDB tier: real races from threads on Debian's MariaDB (CARBON_DB=mariadb).

Without CARBON_DB=mariadb every test here is skipped with a visible reason, and the end of the run
says so; tools/run_mariadb_tier.sh starts a server, runs this tier and the integration suite on it.
"""
import os

from tests.concurrency.support import FIGURES

MARIADB = os.environ.get("CARBON_DB") == "mariadb"
SKIP_REASON = ("MariaDB tier: needs CARBON_DB=mariadb and a server (run tools/run_mariadb_tier.sh, "
               "which starts one with tools/mariadb.sh)")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    ran = [report for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
           if "tests/concurrency/" in report.nodeid]
    if not ran:
        if any("tests/concurrency/" in report.nodeid for report in terminalreporter.stats.get("skipped", [])):
            terminalreporter.write_sep("-", "MariaDB concurrency tier SKIPPED: " + SKIP_REASON)
        return
    from django.db import connection

    terminalreporter.write_sep("-", f"MariaDB concurrency tier ({connection.vendor}, "
                                    f"{getattr(connection, 'mysql_server_info', '?')})")
    for name, value in FIGURES.items():
        terminalreporter.write_line(f"  {name.replace('_', ' ')}: {value}")
