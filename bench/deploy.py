#!/usr/bin/env python3
"""deploy.py: deploy to running through kiln serve (unix backend) against a plain fork+exec of the same binary.

Usage: deploy.py KILN SRC WORK RUNS
Starts kiln serve on a free port with a home in WORK, builds examples/hello from a git repository, then
RUNS times: POST /api/v1/deployments and poll GET until the state is "running" (the monitor has started
the unikernel: exec succeeded), then delete it. The peer: subprocess.Popen of the same binary, which
returns once exec succeeded. Prints "DEPLOY_US PEER_US" (medians, microseconds).
"""
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

TOKEN = "bench-admin-token"


def call(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + TOKEN)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def wait(base, path, key, values, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        obj = call(base, "GET", path)
        if obj[key] in values:
            return obj
        time.sleep(0.0005)
    raise SystemExit("%s: still %s" % (path, obj[key]))


def main():
    kiln, src, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    repo, home = os.path.join(work, "deploy-repo"), os.path.join(work, "deploy-home")
    os.makedirs(repo)
    for f in ("config.c", "unikernel.c"):
        shutil.copy(os.path.join(src, "examples/hello", f), repo)
    git = ["git", "-C", repo, "-c", "user.name=kiln", "-c", "user.email=kiln@bench"]
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "hello"], check=True)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    base = "http://127.0.0.1:%d" % port
    env = dict(os.environ, KILN_BOOTSTRAP_TOKEN=TOKEN)
    server = subprocess.Popen([kiln, "serve", "--listen", "127.0.0.1:%d" % port, "--home", home],
                              env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz")
                break
            except OSError:
                time.sleep(0.05)
        call(base, "POST", "/api/v1/apps", {"name": "hello", "repo": repo})
        build = call(base, "POST", "/api/v1/apps/hello/builds")["id"]
        wait(base, "/api/v1/builds/%d" % build, "status", ("succeeded", "failed", "cancelled"))
        deploy_us = []
        for _ in range(runs):
            t0 = time.monotonic()
            d = call(base, "POST", "/api/v1/deployments", {"build": build, "backend": "unix"})
            wait(base, "/api/v1/deployments/%d" % d["id"], "state", ("running", "exited", "failed"))
            deploy_us.append((time.monotonic() - t0) * 1e6)
            call(base, "DELETE", "/api/v1/deployments/%d" % d["id"])
        binary = os.path.join(home, "deploy-peer")
        artifact = [a for a in call(base, "GET", "/api/v1/builds/%d" % build)["artifacts"] if a["name"] == "hello"][0]
        sha = artifact["sha256"]
        shutil.copy(os.path.join(home, "artifacts", "sha256", sha[:2], sha[2:]), binary)
        os.chmod(binary, 0o755)
        peer_us = []
        for _ in range(runs):
            t0 = time.monotonic()
            p = subprocess.Popen([binary], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            peer_us.append((time.monotonic() - t0) * 1e6)
            p.kill()
            p.wait()
        print("%.1f %.1f" % (statistics.median(deploy_us), statistics.median(peer_us)))
    finally:
        server.terminate()
        server.wait()


main()
