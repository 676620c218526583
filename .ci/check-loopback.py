#!/usr/bin/env python3
"""Checks that the given processes (and their children) have sockets bound only to 127.0.0.0/8: every TCP and UDP
socket they hold, read from /proc (no extra tools). Exits 1 naming any socket bound elsewhere (0.0.0.0, another
address, or any IPv6 address), or when a process holds no socket at all (it did not start its server).

    check-loopback.py PID...
"""
import os
import sys


def sockets_of(pid):
    """The socket inodes a process holds."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        pass
    return inodes


def children_of(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(child) for child in f.read().split()]
    except OSError:
        return []


def bound_addresses():
    """inode -> (protocol, local address as text, is loopback) for every TCP/UDP socket on the machine."""
    out = {}
    for protocol in ("tcp", "udp", "tcp6", "udp6"):
        try:
            lines = open(f"/proc/net/{protocol}").read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port = fields[1].split(":")
            inode = fields[9]
            if protocol.endswith("6"):
                out[inode] = (protocol, f"[{address}]:{int(port, 16)}", False)
            else:
                octets = [int(address[i : i + 2], 16) for i in (6, 4, 2, 0)]
                out[inode] = (protocol, f"{'.'.join(map(str, octets))}:{int(port, 16)}", octets[0] == 127)
    return out


addresses = bound_addresses()
failed = False
for pid in map(int, sys.argv[1:]):
    family = [pid]
    for member in family:
        family.extend(children_of(member))
    inodes = set().union(*(sockets_of(member) for member in family))
    held = [addresses[inode] for inode in inodes if inode in addresses]
    if not held:
        print(f"check-loopback: process {pid} holds no TCP or UDP socket", file=sys.stderr)
        failed = True
    for protocol, address, loopback in held:
        if not loopback:
            print(f"check-loopback: process {pid} has a {protocol} socket on {address}, outside 127.0.0.0/8",
                  file=sys.stderr)
            failed = True
sys.exit(1 if failed else 0)
