#!/usr/bin/env python3
"""A DNS relay on 127.0.0.1:PORT that answers every query DELAY_MS milliseconds after it arrived, with the answer of
127.0.0.1:UPSTREAM: the latency of a resolver across a WAN, for Benchmarks/probe-bench. One thread and two sockets:
queries go upstream at once under IDs of the relay's own, answers wait in a heap until their time. Stops by itself
after LIFETIME seconds (default 900).

    dns-delay.py PORT UPSTREAM DELAY_MS [LIFETIME]
"""
import heapq
import itertools
import select
import socket
import sys
import time

port, upstream, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) / 1000
lifetime = float(sys.argv[4]) if len(sys.argv) > 4 else 900
listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
listener.bind(("127.0.0.1", port))
relay = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
relay.bind(("127.0.0.1", 0))
relay.connect(("127.0.0.1", upstream))
for s in (listener, relay):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.setblocking(False)

ids = itertools.cycle(range(65536))
waiting = {}  # relay ID -> (client's ID, client address, time the query arrived)
due = []  # (time to answer, sequence, answer, client address)
sequence = itertools.count()
end = time.monotonic() + lifetime
while time.monotonic() < end:
    now = time.monotonic()
    while due and due[0][0] <= now:
        _, _, answer, peer = heapq.heappop(due)
        listener.sendto(answer, peer)
    timeout = max(0.0, due[0][0] - now) if due else 1.0
    readable, _, _ = select.select([listener, relay], [], [], timeout)
    if listener in readable:
        while True:
            try:
                query, peer = listener.recvfrom(65535)
            except BlockingIOError:
                break
            if len(query) < 12:
                continue
            own = next(ids)
            waiting[own] = (query[:2], peer, time.monotonic())
            relay.send(own.to_bytes(2, "big") + query[2:])
    if relay in readable:
        while True:
            try:
                answer = relay.recv(65535)
            except BlockingIOError:
                break
            entry = waiting.pop(int.from_bytes(answer[:2], "big"), None) if len(answer) >= 12 else None
            if entry is None:
                continue
            client_id, peer, arrived = entry
            heapq.heappush(due, (arrived + delay, next(sequence), client_id + answer[2:], peer))
