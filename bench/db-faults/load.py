#!/usr/bin/env python3
"""OSB load on two (or more) replicas of the sample, for database fault drills.

Run from the repository root (bench/db-faults/run.sh starts it; by hand):
  python3 bench/db-faults/load.py --url http://127.0.0.1:8080 --url http://127.0.0.1:8081 \
      --seconds 60 --workers 8 --out /tmp/faults/load

Each worker repeats a life cycle, each call on the next replica in turn: provision (the async
plan with accepts_incomplete=true, or the sync plan), last_operation polls until the operation
ends, bind, unbind, deprovision (accepts_incomplete=true) and its polls. A call answered 503 is
retried, the same request, after its Retry-After (at most 2 s), until it gets another answer:
that answer must be what a first request or an identical repeat gets (never a 409 or a 500).
After --seconds the workers finish their current life cycle (polls included, at most
--settle-seconds) and the check phase asks every replica about every instance a 2xx created.

Writes OUT.calls.jsonl (every call: replica, method, path, status, latency, Retry-After, body
of every answer that is not 2xx), OUT.summary.json and prints the summary. Exit status 0 when
the run kept the promise (no 5xx but 503 with an OSB body and Retry-After, no call over 30 s, no
stuck or lost operation, no retry answered 409 or 500), 1 otherwise.
"""
import argparse
import base64
import http.client
import json
import threading
import time
import urllib.parse
import uuid

SERVICE = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f60"
SYNC_PLAN = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f61"
ASYNC_PLAN = "6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f62"
SLOW_S = 30.0


class Recorder:
    """Keeps every call and the problems the run found."""

    def __init__(self, out):
        self.lock = threading.Lock()
        self.file = open(out + ".calls.jsonl", "w")
        self.calls = 0
        self.by_status = {}
        self.max_latency = 0.0
        self.max_latency_call = None
        self.max_503_latency = 0.0
        self.problems = []
        self.retry_after = {}
        self.first_503 = None
        self.last_503 = None
        self.takeover_waits = []
        self.operations = []

    def call(self, entry):
        with self.lock:
            self.calls += 1
            key = str(entry["status"])
            self.by_status[key] = self.by_status.get(key, 0) + 1
            if entry["latency_s"] > self.max_latency:
                self.max_latency = entry["latency_s"]
                self.max_latency_call = entry
            if entry["status"] == 503:
                self.max_503_latency = max(self.max_503_latency, entry["latency_s"])
                ra = str(entry.get("retry_after"))
                self.retry_after[ra] = self.retry_after.get(ra, 0) + 1
                self.first_503 = self.first_503 or entry["t"]
                self.last_503 = entry["t"]
            self.file.write(json.dumps(entry) + "\n")

    def operation_ended(self, path, seconds, state):
        with self.lock:
            self.operations.append({"poll": path, "accepted_to_end_s": round(seconds, 1),
                                    "state": state})

    def takeover_wait(self, what, seconds, status):
        with self.lock:
            self.takeover_waits.append({"call": what, "seconds": round(seconds, 1),
                                        "status": status})

    def problem(self, text):
        with self.lock:
            self.problems.append(text)
            print("PROBLEM " + text, flush=True)


class Client:
    """One OSB call at a time on the replicas, each call on the next replica."""

    def __init__(self, urls, user, password, recorder, t0, timeout):
        self.urls = [urllib.parse.urlsplit(u) for u in urls]
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.recorder = recorder
        self.t0 = t0
        self.timeout = timeout
        self.turn = 0

    def send(self, method, path, body=None, replica=None):
        if replica is None:
            replica = self.turn % len(self.urls)
            self.turn += 1
        url = self.urls[replica]
        headers = {"Authorization": self.auth, "X-Broker-API-Version": "2.17"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        start = time.monotonic()
        status, text, retry_after = 0, "", None
        try:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=self.timeout)
            conn.request(method, path, body=data, headers=headers)
            answer = conn.getresponse()
            status = answer.status
            text = answer.read().decode(errors="replace")
            retry_after = answer.getheader("Retry-After")
            conn.close()
        except Exception as e:  # a refused connection (replica killed) or a timeout
            text = f"{type(e).__name__}: {e}"
        latency = time.monotonic() - start
        entry = {"t": round(start - self.t0, 3), "replica": replica, "method": method,
                 "path": path, "status": status, "latency_s": round(latency, 3),
                 "retry_after": retry_after}
        if not 200 <= status < 300 or "last_operation" in path:
            entry["body"] = text[:500]
        self.recorder.call(entry)
        if latency > SLOW_S:
            self.recorder.problem(f"{method} {path} took {latency:.1f} s (status {status})")
        if status >= 500:
            self.check_error(method, path, status, text, retry_after)
        return status, text

    def check_error(self, method, path, status, text, retry_after):
        if status != 503:
            self.recorder.problem(f"{method} {path} answered {status}: {text[:200]}")
            return
        try:
            body = json.loads(text)
            ok = isinstance(body, dict) and "description" in body
        except ValueError:
            ok = False
        if not ok:
            self.recorder.problem(f"{method} {path} 503 without an OSB body: {text[:200]}")
        if retry_after is None:
            self.recorder.problem(f"{method} {path} 503 without Retry-After")

    def until_answered(self, method, path, body, deadline, allowed):
        """Sends until the answer is not a 503 nor a lost connection; checks the answer.

        A request whose connection was lost (its replica killed) may have started an operation
        that the other replicas answer 422 ConcurrencyError for until they take it over (within
        a lease): such 422s are retried and the wait is recorded (Recorder.takeover_waits)."""
        retried = False
        lost_at = None
        while True:
            status, text = self.send(method, path, body)
            if status == 0 and lost_at is None:
                lost_at = time.monotonic()
            if status == 422 and lost_at is not None and "ConcurrencyError" in text:
                if time.monotonic() - lost_at > SLOW_S + 15:
                    self.recorder.problem(f"{method} {path}: 422 ConcurrencyError "
                                          f"{time.monotonic() - lost_at:.1f} s after the lost"
                                          " connection (never taken over?)")
                    return status, text
                time.sleep(1.0)
                continue
            if status not in (0, 503):
                if lost_at is not None and retried:
                    self.recorder.takeover_wait(f"{method} {path}", time.monotonic() - lost_at,
                                                status)
                if status not in allowed:
                    kind = "retry of a 503" if retried else "first request"
                    self.recorder.problem(f"{method} {path} ({kind}) answered {status}: "
                                          f"{text[:200]}")
                return status, text
            retried = True
            if time.monotonic() > deadline:
                self.recorder.problem(f"{method} {path} still 503 or unanswered at the end")
                return status, text
            time.sleep(0.5 if status == 0 else 1.0)


def poll(client, instance, binding, deadline, recorder, operation=None):
    """Polls last_operation until succeeded or failed; returns the final state."""
    path = f"/v2/service_instances/{instance}"
    if binding:
        path += f"/service_bindings/{binding}"
    path += f"/last_operation?service_id={SERVICE}"
    if operation:
        path += "&operation=" + urllib.parse.quote(operation)
    accepted = time.monotonic()
    while True:
        status, text = client.send("GET", path)
        if status == 200:
            state = json.loads(text).get("state")
            if state in ("succeeded", "failed"):
                recorder.operation_ended(path, time.monotonic() - accepted, state)
                return state
        elif status == 410:
            return "gone"
        elif status not in (0, 503):
            recorder.problem(f"GET {path} answered {status}: {text[:200]}")
            return f"status {status}"
        if time.monotonic() > deadline:
            recorder.problem(f"{path} still in progress at the end")
            return "stuck"
        time.sleep(0.5)


def life_cycle(client, recorder, created, settle_deadline, number):
    instance = str(uuid.uuid4())
    plan = SYNC_PLAN if number % 4 == 3 else ASYNC_PLAN
    base = f"/v2/service_instances/{instance}"
    body = {"service_id": SERVICE, "plan_id": plan, "organization_guid": "org",
            "space_guid": "space", "context": {"platform": "ibmcloud"}}
    status, text = client.until_answered("PUT", base + "?accepts_incomplete=true", body,
                                         settle_deadline, (200, 201, 202))
    if status not in (200, 201, 202):
        return
    created[instance] = {"plan": plan, "deleted": False}
    if status == 202:
        operation = json.loads(text).get("operation")
        state = poll(client, instance, None, settle_deadline, recorder, operation)
        created[instance]["provision"] = state
        if state != "succeeded":
            return
    binding = str(uuid.uuid4())
    bpath = f"{base}/service_bindings/{binding}?accepts_incomplete=true"
    status, text = client.until_answered("PUT", bpath, {"service_id": SERVICE, "plan_id": plan},
                                         settle_deadline, (200, 201, 202))
    if status == 202:
        operation = json.loads(text).get("operation")
        poll(client, instance, binding, settle_deadline, recorder, operation)
    if status in (200, 201, 202):
        query = f"&service_id={SERVICE}&plan_id={plan}"
        status, text = client.until_answered("DELETE", bpath + query, None, settle_deadline,
                                             (200, 202, 410))
        if status == 202:
            poll(client, instance, binding, settle_deadline, recorder,
                 json.loads(text).get("operation"))
    dpath = f"{base}?accepts_incomplete=true&service_id={SERVICE}&plan_id={plan}"
    status, text = client.until_answered("DELETE", dpath, None, settle_deadline, (200, 202, 410))
    if status == 202:
        state = poll(client, instance, None, settle_deadline, recorder,
                     json.loads(text).get("operation"))
        created[instance]["deprovision"] = state
        created[instance]["deleted"] = state in ("succeeded", "gone")
    elif status in (200, 410):
        created[instance]["deleted"] = True


def check(client, recorder, created, deadline):
    """Asks every replica about every instance a 2xx created."""
    for instance, seen in sorted(created.items()):
        for replica in range(len(client.urls)):
            path = (f"/v2/service_instances/{instance}/last_operation?service_id={SERVICE}")
            while True:
                status, text = client.send("GET", path, replica=replica)
                state = json.loads(text).get("state") if status == 200 else None
                if status in (0, 503) or state == "in progress":
                    if time.monotonic() > deadline:
                        recorder.problem(f"check: {instance} on replica {replica}: "
                                         f"{status} {state} at the end")
                        break
                    time.sleep(0.5)
                    continue
                break
            if seen["deleted"]:
                fine = status == 410 or (status == 200 and state in ("succeeded", "failed"))
                if status == 404:
                    # a sync delete leaves no operation: the instance must be gone
                    s2, _ = client.send("GET", f"/v2/service_instances/{instance}",
                                        replica=replica)
                    fine = s2 in (404, 410)
            else:
                fine = status in (200, 404) and state in ("succeeded", "failed", None)
                if status == 404:
                    s2, _ = client.send("GET", f"/v2/service_instances/{instance}",
                                        replica=replica)
                    fine = s2 == 200
            if not fine:
                recorder.problem(f"check: {instance} ({seen}) on replica {replica}: "
                                 f"{status} {text[:200]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--user", default="broker")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--settle-seconds", type=float, default=90)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--out", default="/tmp/db-faults")
    args = parser.parse_args()
    recorder = Recorder(args.out)
    t0 = time.monotonic()
    end = t0 + args.seconds
    settle = end + args.settle_seconds
    created = {}

    def worker(index):
        client = Client(args.url, args.user, args.password, recorder, t0, args.timeout)
        client.turn = index
        number = index
        while time.monotonic() < end:
            life_cycle(client, recorder, created, settle, number)
            number += args.workers

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check(Client(args.url, args.user, args.password, recorder, t0, args.timeout), recorder,
          created, time.monotonic() + args.settle_seconds)
    recorder.file.close()
    finals = {}
    for seen in created.values():
        key = "deleted" if seen["deleted"] else "kept (" + seen.get("provision", "sync") + ")"
        finals[key] = finals.get(key, 0) + 1
    summary = {"calls": recorder.calls, "by_status": recorder.by_status,
               "max_latency_s": recorder.max_latency, "slowest": recorder.max_latency_call,
               "max_503_latency_s": recorder.max_503_latency,
               "retry_after_values": recorder.retry_after,
               "first_503_t": recorder.first_503, "last_503_t": recorder.last_503,
               "instances": len(created), "final": finals,
               "retried_after_a_lost_connection": recorder.takeover_waits,
               "async_operations": len(recorder.operations),
               "async_states": {st: sum(1 for o in recorder.operations if o["state"] == st)
                                for st in ("succeeded", "failed")},
               "slowest_async_operations": sorted(recorder.operations,
                                                  key=lambda o: -o["accepted_to_end_s"])[:5], "problems": recorder.problems}
    with open(args.out + ".summary.json", "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary, indent=1))
    raise SystemExit(1 if recorder.problems else 0)


if __name__ == "__main__":
    main()
