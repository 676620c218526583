#!/usr/bin/env python3
"""A DNS relay on 127.0.0.1:PORT that holds every query DELAY_MS milliseconds, then asks 127.0.0.1:UPSTREAM and
returns its answer: the latency of a resolver across a WAN, for Benchmarks/probe-bench.

    dns-delay.py PORT UPSTREAM DELAY_MS
"""
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor

port, upstream, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) / 1000
listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
listener.bind(("127.0.0.1", port))


def relay(query, peer):
    time.sleep(delay)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
        client.settimeout(2)
        client.sendto(query, ("127.0.0.1", upstream))
        try:
            listener.sendto(client.recv(65535), peer)
        except socket.timeout:
            pass


with ThreadPoolExecutor(max_workers=256) as pool:
    while True:
        query, peer = listener.recvfrom(65535)
        pool.submit(relay, query, peer)
