#!/usr/bin/env python3
"""A DNS server that never gives an answer: `servfail` answers every query with SERVFAIL (RCODE 2), `silent` reads
queries and never replies. Binds 127.0.0.1:PORT (UDP) and stops by itself after LIFETIME seconds.

    dns-stub.py servfail|silent PORT LIFETIME
"""
import socket
import sys
import time

mode, port, lifetime = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("127.0.0.1", port))
end = time.time() + lifetime
while time.time() < end:
    server.settimeout(max(0.1, end - time.time()))
    try:
        query, peer = server.recvfrom(4096)
    except socket.timeout:
        break
    if mode != "servfail" or len(query) < 12:
        continue
    # QR=1, the query's opcode and RD, RA=1, RCODE=2; the question echoed, no records.
    flags = 0x8000 | (query[2] & 0x79) << 8 | 0x0080 | 2
    server.sendto(query[:2] + flags.to_bytes(2, "big") + query[4:6] + bytes(6) + query[12:], peer)
