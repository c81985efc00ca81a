#!/usr/bin/env python3
"""sse_client.py: follows a server-sent event stream, as a browser would, for the service's tests and bench.

Usage: sse_client.py URL TOKEN [--last-event-id N] [--streams N] [--ready FILE] [--timeout S]
Prints the first stream's events, one per line ("id=N data=TEXT", "comment=TEXT", "event=end"), then
"streams ended: K of N". With --ready, writes FILE once every stream has its response headers.
"""
import argparse
import http.client
import sys
import threading
import urllib.parse


def follow(url, token, last_id, timeout, events, ready):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    headers = {"Accept": "text/event-stream", "Authorization": "Bearer " + token}
    if last_id is not None:
        headers["Last-Event-ID"] = last_id
    try:
        conn.request("GET", u.path, headers=headers)
        resp = conn.getresponse()
        ready()
        if resp.status != 200:
            events.append("status=%d %s" % (resp.status, resp.read().decode()))
            return False
        event = {}
        for raw in resp:
            line = raw.decode().rstrip("\n")
            if line.startswith(":"):
                events.append("comment=" + line[1:].strip())
            elif line == "":
                if event.get("event") == "end":
                    events.append("event=end")
                elif event:
                    events.append("id=%s data=%s" % (event.get("id"), event.get("data")))
                event = {}
            else:
                key, _, value = line.partition(":")
                event[key] = value[1:] if value.startswith(" ") else value
        return bool(events) and events[-1] == "event=end"
    except (OSError, http.client.HTTPException) as e:
        events.append("error=%s" % e)
        return False
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("token")
    ap.add_argument("--last-event-id")
    ap.add_argument("--streams", type=int, default=1)
    ap.add_argument("--ready")
    ap.add_argument("--timeout", type=float, default=30)
    a = ap.parse_args()
    lock = threading.Lock()
    answered = [0]
    results = [None] * a.streams
    logs = [[] for _ in range(a.streams)]

    def ready():
        with lock:
            answered[0] += 1
            if answered[0] == a.streams and a.ready:
                open(a.ready, "w").close()

    def run(i):
        results[i] = follow(a.url, a.token, a.last_event_id, a.timeout, logs[i], ready)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(a.streams)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in logs[0]:
        print(e)
    print("streams ended: %d of %d" % (sum(1 for r in results if r), a.streams))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
