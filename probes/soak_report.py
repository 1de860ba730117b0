"""The soak's report in Markdown: load tables, memory, CPU, the faults, the targets."""

from __future__ import annotations

from probes.report import fmt_mb as _mb
from probes.report import latency_markdown as _table


def _result_line(result: dict, origin: float) -> str:
    outcome = result["error"] or f"{result['status']}"
    retried = f" (first attempt: {result['retried']}, retried)" if result["retried"] else ""
    return (
        f"{result['kind']} `{result['path'][:60]}` started {result['start'] - origin:+.2f} s, "
        f"{result['duration']:.2f} s: {outcome}{retried}"
    )


def render_markdown(report: dict) -> str:
    """The results as Markdown (what goes between the markers)."""
    m, args = report["machine"], report["args"]
    lines = [
        f"## Last results ({report['finished'][:16].replace('T', ' ')} UTC, {report['duration_s']:.0f} s)",
        "",
        f"- Command: `{report['command']}`",
        f"- Server: `{report['server_command']}` (port chosen free; TMPDIR private to the run)",
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB RAM, {m['system']}; load average "
        f"before the run {m['load_average_before'][0]:.2f}. Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        "- gunicorn settings: " + ", ".join(f"{k} {v}" for k, v in report["gunicorn"].items()),
        f"- Clients: {args['clients']} threads, one keep-alive connection each, back to back (no think time); "
        f"mix {args['mix']}; client timeout {args['timeout']:g} s per request; a reused connection that fails "
        "before any answer is retried once on a new one, as browsers do (column *retried*; such a request "
        "counts as an error only if the retry fails too).",
        "",
    ]
    soak = report.get("soak")
    if soak:
        lines += [
            f"### Load: {args['clients']} clients × {args['seconds']:g} s",
            "",
            f"{soak['total_requests']:,} requests in {soak['span']:.1f} s ({soak['per_s']:.0f}/s), "
            f"**{soak['total_errors']} errors**, {soak['total_retried']} retried, {soak.get('total_refused', 0)} "
            "images refused while the heavy lane was full (503 with `Retry-After`). Latency from sending the "
            f"request to the last byte. *After warm-up*: requests started after the first {args['warmup']:g} s.",
            "",
            *_table(soak["by_kind"], "kind"),
            "",
            *_table(soak["by_endpoint"], "endpoint"),
            "",
        ]
        if soak["errors"]:
            lines += ["Errors:", ""] + [f"- {_result_line(r, 0)}" for r in soak["errors"][:20]] + [""]
        log = soak["log"]
        lines += [
            f"Server log: answers by status {log['statuses']}; workers booted {log['booted']}, recycled "
            f"(max_requests) {log['autorestarts']}, timeouts {log['timeouts']}, Chromium restarts "
            f"{log['chromium_restarts']}, error lines {log['errors']}.",
            "",
        ]
        cpu = soak["cpu"]
        if cpu:
            names = {
                "workers": "gunicorn workers (Python)",
                "chromium": "Chromium (kaleido)",
                "master": "gunicorn master",
                "load_generator": "this script (the clients)",
                "other processes": "other processes on the machine",
                "idle": "idle",
            }
            shares = "; ".join(
                f"{label} {cpu['share'][key] * 100:.0f}% ({cpu['seconds'][key]:.0f} s)" for key, label in names.items()
            )
            lines += [f"CPU over the load, of {cpu['capacity_s']:.0f} core-seconds: {shares}.", ""]
        mem = soak["memory"]
        lines += [
            "### Memory during the load (MB)",
            "",
            "RSS summed over the master, the workers and all their descendants (Chromium and its helpers), plus "
            "Chromium's crash handlers (re-parented to init, found by the run's environment marker); PSS splits "
            f"shared pages. *After warm-up*: median of the samples {args['warmup']:g}–{args['warmup'] + 5:g} s "
            f"into the load; *end*: {_end_window(mem['windows'])}; *growth* compares the two.",
            "",
            "| | start | after warm-up | peak | end | growth |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        names = {
            "rss": "**total RSS**",
            "pss": "total PSS",
            "master": "master",
            "workers": "workers (Python)",
            "chromium": "Chromium (all processes)",
            "other": "crash handlers",
        }
        for key, name in names.items():
            row = mem[key]
            growth = "" if row["growth"] is None else f"{row['growth'] * 100:+.1f}%"
            lines.append(
                f"| {name} | {_mb(row['start'])} | {_mb(row['after_warmup'])} | {_mb(row['peak'])} | "
                f"{_mb(row['end'])} | {growth} |"
            )
        lines += [
            "",
            f"Processes: {mem['processes']['start']} at the start, {mem['processes']['peak']} at most, "
            f"{mem['processes']['end']} at the end.",
            "",
        ]
    kill = report.get("worker_kill")
    if kill:
        origin = kill["killed_at"]
        lines += [
            "### Fault: a worker killed (SIGKILL) under load "
            f"({args['clients']} clients × {args['fault_seconds']:g} s)",
            "",
            f"- Worker {kill['killed']} ({'with' if kill['killed_had_chromium'] else 'without'} a Chromium) killed "
            f"{kill['killed_at'] - kill['start']:.1f} s into the phase; {kill['in_flight_at_kill']} requests were "
            "in flight (on any worker).",
            f"- Replaced by worker {kill['replacement']} after {kill['replaced_after']:.2f} s."
            if kill["replaced_after"] is not None
            else "- **Not replaced within 30 s.**",
            f"- Kill window (kill → replacement + 1 s): {kill['requests_in_window']} requests overlapped it, "
            f"**{len(kill['errors_in_window'])} failed**, {len(kill['retried_in_window'])} were retried on a fresh "
            "connection and succeeded.",
            f"- Outside the window: **{len(kill['errors_outside_window'])} errors** in {kill['requests']:,} requests; "
            f"{kill['ok_after_replacement']:,} requests succeeded after the replacement.",
            f"- Processes of the killed worker still alive 3 s after the phase: {kill['victim_processes_left']}.",
            f"- Afterwards, one request of each kind: {_answers(kill['answered_after'])}.",
        ]
        for result in kill["errors_in_window"] + kill["errors_outside_window"]:
            lines.append(f"  - failed: {_result_line(result, origin)} (times from the kill)")
        for result in kill["retried_in_window"][:10]:
            lines.append(f"  - retried: {_result_line(result, origin)} (times from the kill)")
        if len(kill["retried_in_window"]) > 10:
            lines.append(f"  - … and {len(kill['retried_in_window']) - 10} more retried")
        lines += ["", *_table(kill["by_kind"], "kind"), ""]
    chrome = report.get("chromium_kill")
    if chrome:
        lines += [
            "### Fault: kaleido's Chromium killed (no other load)",
            "",
            f"Every worker first drew an image (browser started in every worker: {chrome['warmed_every_worker']}). "
            "Then SIGKILL to the Chromium processes of every worker, one image request, and more images, one per "
            "worker at a time, until every worker had a new browser.",
            "",
            "| killed | processes | next image | its latency | more images | their errors | slowest | "
            "new browser in every worker |",
            "|---|--:|---|--:|--:|--:|--:|---|",
        ]
        for case in chrome["cases"]:
            first = case["next_image"]
            lines.append(
                f"| {case['case']} | {case['killed']} | {first['error'] or first['status']} | "
                f"{first['duration']:.2f} s | {case['more_images']} | {len(case['more_errors'])} | "
                f"{case['more_max_s']:.2f} s | {'yes' if case['new_browser_in_every_worker'] else '**no**'} |"
            )
        lines += [
            "",
            f"Afterwards, one request of each kind: {_answers(chrome['answered_after'])}. Server log: "
            f"{chrome['log']['chromium_restarts']} Chromium restarts logged.",
            "",
        ]
    left = report.get("shutdown")
    if left:
        lines += [
            "### Shutdown",
            "",
            f"SIGTERM to the master: stopped in {left['stop_seconds']:.1f} s; processes of the run left "
            f"{len(left['processes_left'])}; files left in its TMPDIR {left['tmp_files_left']} "
            f"({left['tmp_bytes_left'] / 1024:,.0f} kB).",
            "",
        ]
    verdicts = report["targets"]
    lines += ["### Targets", ""]
    lines += [f"- {'met' if ok else '**missed**'}: {name}" for name, ok in verdicts.items()]
    return "\n".join(lines)


def _end_window(windows: dict) -> str:
    low, high = windows["end"]
    if windows["first_restart"] is None:
        return "median of its last 5 s"
    return (
        f"median of {low:.0f}–{high:.0f} s, the last 5 s before a worker restarted "
        f"(at {windows['first_restart']:.0f} s, "
        "taking its Chromium along: gunicorn's max_requests), since memory after that says nothing about growth"
    )


def _answers(results: list[dict]) -> str:
    return ", ".join(f"{r['kind']} {r['error'] or r['status']} ({r['duration']:.2f} s)" for r in results)
