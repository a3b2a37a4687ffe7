"""Benchmark of the PDF reports: time and peak memory to build a region's evaluation report and the
national summary, beside WeasyPrint's own time to render the same final HTML (the floor).

    python bench/report_build.py [--evaluation PK] [--year YEAR] [--runs N]

Runs against the database of the environment (DATABASE_URL; the embedded SQLite file without it); it
only reads (the PDFs go to a temporary directory, no Report row is written). Each report is measured
in a child process of its own, so that its peak memory (ru_maxrss) is that report's alone: one warm-up
build (fonts, templates), then N timed builds — data stage, template, WeasyPrint layout and PDF,
storage — and N timed renders of the final HTML alone. Medians are reported.

Goals (issue 6): overhead ≤ 30 % above the floor; region report ≤ 3 s; national ≤ 20 s and ≤ 600 MB.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOALS = {"evaluation": {"seconds": 3.0, "mb": None}, "national": {"seconds": 20.0, "mb": 600.0}}
MAX_OVERHEAD = 0.30


def setup():
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")
    import django

    django.setup()


def pick_targets(evaluation_pk, year):
    """The final evaluation with the most programmes in its region (latest cycle), and the latest year with
    final evaluations — unless given."""
    from django.db.models import Count, OuterRef, Subquery

    from evaluations.models import Evaluation
    from programmes.models import Programme

    finals = Evaluation.objects.filter(status="final", index__isnull=False)
    if not finals.exists():
        sys.exit("no final evaluation in this database: nothing to report on")
    if year is None:
        year = finals.order_by("-cycle__year").values_list("cycle__year", flat=True).first()
    if evaluation_pk is None:
        programmes = (Programme.objects.filter(region=OuterRef("region")).order_by().values("region")
                      .annotate(n=Count("pk")).values("n"))
        evaluation_pk = (finals.filter(cycle__year=year).annotate(n=Subquery(programmes))
                         .order_by("-n", "rank").values_list("pk", flat=True).first())
    return evaluation_pk, year


def child(kind, target, runs):
    """In the child process: measure one report and print one JSON line."""
    from django.conf import settings
    from django.test.utils import override_settings
    from django.utils import translation

    from reports import data as report_data
    from reports import rendering, services
    from reports.models import Report

    media = tempfile.mkdtemp(prefix="bench-reports-")

    def build():
        """What the worker does (reports.services.build_report), without the Report row."""
        stages = {}
        t = time.perf_counter()
        view_model = services.gather(kind, target if kind == Report.Kind.EVALUATION else None,
                                     target if kind == Report.Kind.NATIONAL else None)
        stages["data"] = time.perf_counter() - t
        print_ = report_data.fingerprint(view_model)
        t = time.perf_counter()
        html = rendering.render_html(kind, view_model, settings.LANGUAGE_CODE, print_)
        stages["template"] = time.perf_counter() - t
        t = time.perf_counter()
        document = rendering.layout(html)
        pdf = rendering.write_pdf(document)
        stages["pdf"] = time.perf_counter() - t
        stages["pages"] = len(document.pages)
        t = time.perf_counter()
        services.store_pdf(pdf)
        stages["storage"] = time.perf_counter() - t
        return html, pdf, stages

    with override_settings(MEDIA_ROOT=media), translation.override(settings.LANGUAGE_CODE):
        html, pdf, _stages = build()  # warm-up
        rendering.html_to_pdf(html)
        totals, all_stages, floors, cpu_totals, cpu_floors = [], [], [], [], []
        # Build and floor alternate, so that a busy machine slows both alike; CPU time beside wall time,
        # since on a shared machine the wall clock also counts the other processes.
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            html, pdf, stages = build()
            totals.append(time.perf_counter() - t)
            cpu_totals.append(time.process_time() - c)
            all_stages.append(stages)
            t, c = time.perf_counter(), time.process_time()
            rendering.html_to_pdf(html)
            floors.append(time.perf_counter() - t)
            cpu_floors.append(time.process_time() - c)
    pages = all_stages[-1].pop("pages")
    for stages in all_stages:
        stages.pop("pages", None)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({
        "kind": kind, "target": target, "pages": pages, "bytes": len(pdf),
        "build": statistics.median(totals), "floor": statistics.median(floors), "peak_mb": peak_mb,
        "build_cpu": statistics.median(cpu_totals), "floor_cpu": statistics.median(cpu_floors),
        "stages": {k: statistics.median(s[k] for s in all_stages) for k in all_stages[0]},
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--evaluation", type=int, help="the evaluation of the region report (default: picked)")
    parser.add_argument("--year", type=int, help="the year of the national report (default: the latest)")
    parser.add_argument("--runs", type=int, default=5, help="timed builds per report (default 5)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup()
    if args.child:
        child(args.child[0], int(args.child[1]), args.runs)
        return
    evaluation_pk, year = pick_targets(args.evaluation, args.year)
    from django.db import connection

    load = os.getloadavg()[0]
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; region report on evaluation "
          f"{evaluation_pk}, national report {year}; median of {args.runs} builds after a warm-up; "
          f"load average {load:.1f} on {os.cpu_count()} CPUs")
    results, failed = [], False
    for kind, target in (("evaluation", evaluation_pk), ("national", year)):
        out = subprocess.run([sys.executable, __file__, "--child", kind, str(target), "--runs", str(args.runs)],
                             check=True, capture_output=True, text=True, cwd=REPO)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    header = (f"{'report':<12} {'pages':>5} {'build s':>8} {'floor s':>8} {'× floor':>8} {'cpu s':>6} {'cpu fl':>6} "
              f"{'data':>6} {'tmpl':>6} {'pdf':>6} {'store':>6} {'peak MB':>8}  goals")
    print(header)
    print("-" * len(header))
    for r in results:
        ratio = r["build"] / r["floor"] if r["floor"] else float("nan")
        goal = GOALS[r["kind"]]
        verdicts = [f"≤{goal['seconds']:.0f} s {'ok' if r['build'] <= goal['seconds'] else 'MISSED'}",
                    f"overhead {'ok' if ratio <= 1 + MAX_OVERHEAD else 'MISSED'}"]
        if goal["mb"]:
            verdicts.append(f"≤{goal['mb']:.0f} MB {'ok' if r['peak_mb'] <= goal['mb'] else 'MISSED'}")
        failed |= any("MISSED" in v for v in verdicts)
        s = r["stages"]
        print(f"{r['kind']:<12} {r['pages']:>5} {r['build']:>8.2f} {r['floor']:>8.2f} {ratio:>7.2f}× "
              f"{r['build_cpu']:>6.2f} {r['floor_cpu']:>6.2f} {s['data']:>6.2f} {s['template']:>6.2f} {s['pdf']:>6.2f} {s['storage']:>6.2f} {r['peak_mb']:>8.0f}  "
              + ", ".join(verdicts))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
