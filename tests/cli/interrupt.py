#!/usr/bin/env python3
"""Batches stopped by signals (run by tests/cli/signals.sh).

Usage: interrupt.py CASEBRIEF DATA TEMPLATES FONTS WORKDIR

Every output directory starts as a copy of the briefs of 2026-05-01 (the
"old" files); the runs build those of 2026-06-01 (the "new" ones) and are
stopped at random moments. After each run every file must be byte for
byte its old or its new version, a brief's two files must be of one
version (they are renamed together), and no temporary may be left, except
after SIGKILL, which the next run must clean up. Prints one line per check:
"PASS" or "FAIL: why", and "NOTE: ..." for information.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

CB, DATA, TPL, FONTS, WORK = sys.argv[1:6]
TMP_TAG = ".casebrief-tmp-"
NJOBS = 24
random.seed(os.getpid())


def check(ok, why):
    print("PASS" if ok else "FAIL: " + why, flush=True)
    return ok


def note(msg):
    print("NOTE: " + msg, flush=True)


def default_signals():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def ignore_term():
    default_signals()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def start(out, today="2026-06-01", jobs=4, extra=(), preexec=default_signals):
    cmd = [CB, "-q", "--data", DATA, "--templates", TPL, "--fonts", FONTS,
           "--today", today, "build", "--manifest", os.path.join(WORK, "jobs.yaml"),
           "-j", str(jobs), "-o", out, "--json"] + list(extra)
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=preexec)


def finish(p, limit=120):
    try:
        out, err = p.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        check(False, "a run did not end within %d s" % limit)
    return p.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def read_dir(d):
    files = {}
    for name in os.listdir(d):
        with open(os.path.join(d, name), "rb") as f:
            files[name] = f.read()
    return files


def temporaries(d):
    return sorted(n for n in os.listdir(d) if "tmp" in n)


def whole(name, data):
    if name.endswith(".pdf"):
        return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    return data.endswith(b"\n") and b"## Sources" in data


def check_files(d, what, pairs=True):
    """Every file old or new and whole; a brief's files of one version."""
    got = {n: v for n, v in read_dir(d).items() if "tmp" not in n}
    ok = check(sorted(got) == sorted(OLD), "%s: files %s, want %s" % (what, sorted(got)[:6], sorted(OLD)[:6]))
    version = {}
    for name, data in sorted(got.items()):
        if not whole(name, data):
            ok = check(False, "%s: %s is not a whole file" % (what, name))
        if data == OLD.get(name):
            version[name] = "old"
        elif data == NEW.get(name):
            version[name] = "new"
        else:
            ok = check(False, "%s: %s is neither the old nor the new version" % (what, name))
    if pairs:
        for name in version:
            base, ext = os.path.splitext(name)
            if ext == ".md" and base + ".pdf" in version and version[name] != version[base + ".pdf"]:
                ok = check(False, "%s: %s is %s but %s.pdf is %s" % (what, name, version[name], base, version[base + ".pdf"]))
    if ok:
        check(True, "")
    return version


def check_summary(out, version, what, sig):
    try:
        j = json.loads(out)
    except ValueError:
        return check(False, "%s: the summary is not JSON: %r" % (what, out[:200]))
    statuses = {b["status"] for b in j["briefs"]}
    check(statuses <= {"ok", "not built"}, "%s: statuses %s" % (what, statuses))
    check(len(j["briefs"]) == NJOBS, "%s: %d briefs in the summary" % (what, len(j["briefs"])))
    if sig:
        check(j.get("interrupted") == sig.name, "%s: interrupted = %r" % (what, j.get("interrupted")))
        check(j.get("not_built") == sum(b["status"] == "not built" for b in j["briefs"]),
              "%s: not_built count" % what)
    for b in j["briefs"]:
        want = "new" if b["status"] == "ok" else "old"
        names = [b["id"] + ".md"] + ([b["id"] + ".pdf"] if b["id"] + ".pdf" in OLD else [])
        bad = [n for n in names if version.get(n) != want]
        if bad:
            return check(False, "%s: %s is %s but %s is %s" % (what, b["id"], b["status"], bad[0], version.get(bad[0])))
        if b["status"] == "ok" and len(b["files"]) != len(names):
            return check(False, "%s: %s lists files %s" % (what, b["id"], b["files"]))
        if b["status"] != "ok" and b["files"]:
            return check(False, "%s: %s was not built but lists %s" % (what, b["id"], b["files"]))
    return check(True, "")


def fresh(name):
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(os.path.join(WORK, "old"), d)
    return d


def reference(name, today):
    d = os.path.join(WORK, name)
    rc, _, err = finish(start(d, today=today))
    check(rc == 0, "building the %s briefs: exit %d: %s" % (name, rc, err[-300:]))
    return read_dir(d)


def wait_for_file(d, p, limit=60):
    """Waits until the run has written a file into the empty directory d."""
    t0 = time.time()
    while time.time() - t0 < limit and p.poll() is None:
        if any(not n.startswith(".") for n in os.listdir(d)):
            return True
        time.sleep(0.001)
    return False


# ---- the old and the new briefs ------------------------------------------

OLD = reference("old", "2026-05-01")
t0 = time.time()
NEW = reference("new", "2026-06-01")
full = time.time() - t0
check(len(OLD) > NJOBS and sorted(OLD) == sorted(NEW), "reference runs wrote %d and %d files" % (len(OLD), len(NEW)))
check(all(OLD[n] != NEW[n] for n in OLD), "the old and the new versions must differ")
note("a whole run takes %.2f s" % full)

# ---- SIGTERM and SIGINT at random moments -----------------------------------

stopped = 0
for sig, jobs, runs in ((signal.SIGTERM, 4, 12), (signal.SIGINT, 4, 12),
                        (signal.SIGTERM, 1, 4), (signal.SIGINT, 1, 4)):
    for r in range(runs):
        what = "%s at a random moment, -j %d, run %d" % (sig.name, jobs, r + 1)
        d = fresh("run")
        p = start(d, jobs=jobs)
        time.sleep(random.uniform(0.0, full * 1.1))
        p.send_signal(sig)
        rc, out, err = finish(p)
        # 0: it had finished; -sig: the signal came before the program had
        # set up its handler, while it was starting (nothing written yet).
        check(rc in (0, 128 + sig, -sig), "%s: exit %d, want %d: %s" % (what, rc, 128 + sig, err[-300:]))
        check(not temporaries(d), "%s: temporaries left: %s" % (what, temporaries(d)))
        version = check_files(d, what)
        if rc == 128 + sig:
            stopped += 1
            check("interrupted by %s" % sig.name in err, "%s: stderr: %s" % (what, err[-300:]))
            check_summary(out, version, what, sig)
        elif rc == 0:
            check(all(v == "new" for v in version.values()), "%s: exit 0 but old files remain" % what)
        else:
            check(all(v == "old" for v in version.values()), "%s: killed while starting, yet files changed" % what)
note("%d of 32 runs were stopped before the end" % stopped)
check(stopped >= 8, "only %d runs were stopped by their signal" % stopped)

# ---- the exit codes, deterministically ----------------------------------------

for sig in (signal.SIGTERM, signal.SIGINT):
    what = "%s after the first file" % sig.name
    d = os.path.join(WORK, "empty-" + sig.name)
    os.mkdir(d)
    p = start(d, jobs=2)
    seen = wait_for_file(d, p)
    p.send_signal(sig)
    rc, out, err = finish(p)
    check(seen, "%s: the run wrote no file before ending" % what)
    check(rc == 128 + sig, "%s: exit %d, want %d: %s" % (what, rc, 128 + sig, err[-300:]))
    check(not temporaries(d), "%s: temporaries left: %s" % (what, temporaries(d)))
    try:
        j = json.loads(out)
        check(j["interrupted"] == sig.name and j["not_built"] > 0 and j["ok"] > 0,
              "%s: summary %s" % (what, out[-200:]))
    except (ValueError, KeyError):
        check(False, "%s: no summary: %r" % (what, out[-200:]))

# A run that started with SIGTERM ignored (nohup-like) keeps ignoring it.
d = os.path.join(WORK, "ignored")
os.mkdir(d)
p = start(d, jobs=2, preexec=ignore_term)
wait_for_file(d, p)
p.send_signal(signal.SIGTERM)
rc, out, err = finish(p)
check(rc == 0 and len(os.listdir(d)) == len(NEW), "SIGTERM ignored on entry: exit %d, %d files" % (rc, len(os.listdir(d))))

# ---- SIGKILL, then a run that cleans up ------------------------------------------

left = 0
d = fresh("killed")
for r in range(8):
    p = start(d)
    time.sleep(random.uniform(0.0, full * 0.9))
    p.kill()
    finish(p)
    left += len(temporaries(d))
    check_files(d, "SIGKILL run %d" % (r + 1), pairs=False)
note("8 runs killed with SIGKILL left %d temporaries" % left)
rc, out, err = finish(start(d))
check(rc == 0, "the run after SIGKILL: exit %d: %s" % (rc, err[-300:]))
check(not temporaries(d), "the run after SIGKILL left temporaries: %s" % temporaries(d))
version = check_files(d, "after SIGKILL and a clean run")
check(all(v == "new" for v in version.values()), "after SIGKILL and a clean run: old files remain")

# ---- runs side by side never remove each other's temporaries --------------------

for r in range(4):
    d = fresh("shards")
    dead = os.path.join(d, ".job0003.md" + TMP_TAG + "999999-AbCdEf")
    with open(dead, "w") as f:
        f.write("left by a killed run")
    ps = [start(d, jobs=2, extra=["--shard", "%d/3" % k]) for k in (1, 2, 3)]
    rcs = [finish(p)[0] for p in ps]
    check(rcs == [0, 0, 0], "three shards at once, round %d: exits %s" % (r + 1, rcs))
    version = check_files(d, "three shards at once, round %d" % (r + 1))
    check(all(v == "new" for v in version.values()), "three shards at once: old files remain")
    check(not temporaries(d), "three shards at once: temporaries left: %s" % temporaries(d))

# A temporary in a directory that another process is writing in is alive:
# only the next run after that process is done removes it.
import fcntl  # noqa: E402

d = fresh("busy")
live = os.path.join(d, ".job0001.md" + TMP_TAG + "1-AbCdEf")
with open(live, "w") as f:
    f.write("being written")
fd = os.open(d, os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_SH)
rc, _, err = finish(start(d))
check(rc == 0, "a run beside a live writer: exit %d: %s" % (rc, err[-300:]))
check(os.path.exists(live), "a run removed a temporary whose writer holds the directory")
os.close(fd)
rc, _, err = finish(start(d))
check(rc == 0 and not os.path.exists(live), "the next run did not remove the dead temporary")
