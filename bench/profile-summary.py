#!/usr/bin/env python3
"""Compares two async-profiler CPU profiles (collapsed stacks) per request.

    bench/profile-summary.py [--interval 200us] [--seconds 20] \
        sdk.collapsed sdk.wrk bare.collapsed bare.wrk

Each profile is read with the wrk output of the load it ran under (its "Requests/sec" line), so
every figure is microseconds of CPU per request: samples x interval / (requests/s x seconds).
Prints the total, a split by the nearest library frame (walking from the sampled frame towards
the thread's root: the SDK, Jackson, Jersey, hk2, Grizzly; "jvm" for the JVM's own threads
such as the garbage collector and the JIT compilers), the SDK's own methods (inclusive), and
the frames with the largest difference of self time. Written for bench/run-provision-profile.sh.
"""
import argparse
import collections
import re

LIBRARIES = [
    ("io/github/osbsdk/samples", "sample"),
    ("io/github/osbsdk", "sdk"),
    ("com/fasterxml/jackson", "jackson"),
    ("com/networknt", "json-schema"),
    ("org/glassfish/jersey", "jersey"),
    ("org/glassfish/hk2", "hk2"),
    ("org/jvnet/hk2", "hk2"),
    ("org/glassfish/grizzly", "grizzly"),
]


def parse_interval(text):
    match = re.fullmatch(r"(\d+)(ns|us|ms)?", text)
    if not match:
        raise SystemExit("interval like 200us, 1ms or 100000 (ns): " + text)
    scale = {"ns": 0.001, "us": 1.0, "ms": 1000.0, None: 0.001}[match.group(2)]
    return int(match.group(1)) * scale


def requests_per_second(wrk_file):
    with open(wrk_file) as f:
        for line in f:
            if line.startswith("Requests/sec:"):
                return float(line.split()[1])
    raise SystemExit("no Requests/sec line in " + wrk_file)


def load(collapsed_file):
    stacks = []
    with open(collapsed_file) as f:
        for line in f:
            frames, count = line.rstrip("\n").rsplit(" ", 1)
            stacks.append((frames.split(";"), int(count)))
    return stacks


def library(frame):
    for prefix, name in LIBRARIES:
        if frame.startswith(prefix):
            return name
    return None


def split_by_library(stacks):
    totals = collections.Counter()
    for frames, count in stacks:
        if not frames[0].startswith("java/"):
            # JVM threads (GC workers, compilers, VM thread) start in native code
            totals["jvm" if not any("/" in f for f in frames) else "other"] += count
            continue
        name = "jdk/kernel only"
        for frame in reversed(frames):
            found = library(frame)
            if found:
                name = found
                break
        totals[name] += count
    return totals


def inclusive(stacks, prefix):
    totals = collections.Counter()
    for frames, count in stacks:
        for frame in set(frames):
            if frame.startswith(prefix) and "$$Lambda" not in frame:
                totals[frame] += count
    return totals


def self_time(stacks):
    totals = collections.Counter()
    for frames, count in stacks:
        totals[frames[-1]] += count
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", default="200us")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("a_profile")
    parser.add_argument("a_wrk")
    parser.add_argument("b_profile")
    parser.add_argument("b_wrk")
    args = parser.parse_args()
    interval = parse_interval(args.interval)
    runs = []
    for profile, wrk in ((args.a_profile, args.a_wrk), (args.b_profile, args.b_wrk)):
        rps = requests_per_second(wrk)
        scale = interval / (rps * args.seconds)  # microseconds per request per sample
        runs.append((load(profile), rps, scale))
    (a, a_rps, a_scale), (b, b_rps, b_scale) = runs

    def per_request(counter, scale):
        return {k: v * scale for k, v in counter.items()}

    a_total = sum(c for _, c in a) * a_scale
    b_total = sum(c for _, c in b) * b_scale
    print(f"requests/s: A {a_rps:,.0f}, B {b_rps:,.0f}, ratio A/B {a_rps / b_rps:.3f}")
    print(f"CPU per request: A {a_total:.1f} us, B {b_total:.1f} us,"
          f" difference {a_total - b_total:+.1f} us, ratio B/A {b_total / a_total:.3f}")
    print()
    print("by nearest library frame (us of CPU per request)")
    a_lib = per_request(split_by_library(a), a_scale)
    b_lib = per_request(split_by_library(b), b_scale)
    for name in sorted(set(a_lib) | set(b_lib), key=lambda k: -(a_lib.get(k, 0) - b_lib.get(k, 0))):
        x, y = a_lib.get(name, 0), b_lib.get(name, 0)
        print(f"  {name:<16} A {x:6.1f}  B {y:6.1f}  difference {x - y:+6.1f}")
    print()
    print("A's SDK methods, inclusive (us per request)")
    sdk = per_request(inclusive(a, "io/github/osbsdk/broker"), a_scale)
    for frame, value in sorted(sdk.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"  {value:6.2f}  {frame}")
    print()
    print("largest differences of self time, A - B (us per request)")
    a_self = per_request(self_time(a), a_scale)
    b_self = per_request(self_time(b), b_scale)
    rows = sorted(((a_self.get(k, 0) - b_self.get(k, 0), k) for k in set(a_self) | set(b_self)),
                  reverse=True)
    for diff, frame in rows[:args.top]:
        print(f"  {diff:+6.2f}  {frame[:120]}")


if __name__ == "__main__":
    main()
