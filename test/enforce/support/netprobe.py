#!/usr/bin/env python3
"""Echo servers and batched probes for Rampart's kernel tests (standard library only).

  netprobe.py serve PORTS ADDRS     TCP echo on PORTS (wildcard, IPv4 and IPv6) and UDP echo on each of ADDRS
                                    x PORTS (bound per address so replies leave from the address asked); prints
                                    "ready" once listening, runs until killed.
  netprobe.py probe                 reads a JSON list of probes on stdin, runs them all concurrently, prints a
                                    JSON object {id: "ok" | "timeout" | "refused" | "unreachable" | "error:..."}.
  netprobe.py hold HOST PORT SECS SPORT   one TCP connection from source port SPORT, an echo every 0.1 s; prints
                                    one character per echo ("." answered, "x" not) as it goes.
  netprobe.py sink ADDR PORT        receives UDP on ADDR:PORT and never answers; prints "ready", then one line per
                                    datagram: its payload (the sender's "SPORT:SEQ").
  netprobe.py stream HOST PORT SPORT SECS   one-way UDP from source port SPORT, a datagram every 0.1 s, no reply
                                    expected; prints "started", then "." per datagram sent.

A probe: {"id", "proto": "tcp"|"udp"|"icmp", "src", "sport", "dst", "dport", "timeout"}. The source port is the
caller's choice, so that NACL rules on the reply's destination port are predictable.
"""
import asyncio, errno, json, selectors, socket, struct, sys, time

PAYLOAD = b"rampart-probe"


def serve(ports, addrs):
    sel = selectors.DefaultSelector()
    for port in ports:
        for fam, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
            s = socket.socket(fam, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if fam == socket.AF_INET6:
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            s.bind((host, port)); s.listen(1024); s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, "accept")
        for a in addrs:
            fam = socket.AF_INET6 if ":" in a else socket.AF_INET
            u = socket.socket(fam, socket.SOCK_DGRAM)
            u.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            u.bind((a, port)); u.setblocking(False)
            sel.register(u, selectors.EVENT_READ, "udp")
    print("ready", flush=True)
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            try:
                if key.data == "accept":
                    c, _ = s.accept(); c.setblocking(False)
                    sel.register(c, selectors.EVENT_READ, "conn")
                elif key.data == "udp":
                    d, peer = s.recvfrom(65535); s.sendto(d, peer)
                else:
                    d = s.recv(65535)
                    if d:
                        s.send(d)
                    else:
                        sel.unregister(s); s.close()
            except OSError:
                if key.data == "conn":
                    sel.unregister(s); s.close()


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def classify(e):
    if isinstance(e, asyncio.TimeoutError):
        return "timeout"
    if isinstance(e, ConnectionRefusedError):
        return "refused"
    if isinstance(e, OSError) and e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EACCES, errno.EPERM):
        return "unreachable"
    return "error:" + e.__class__.__name__ + ":" + str(e)[:80]


async def tcp_probe(loop, p):
    s = socket.socket(family(p["dst"]), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.setblocking(False)
    try:
        s.bind((p["src"], p["sport"]))
        await asyncio.wait_for(loop.sock_connect(s, (p["dst"], p["dport"])), p["timeout"])
        await loop.sock_sendall(s, PAYLOAD)
        got = await asyncio.wait_for(loop.sock_recv(s, 64), p["timeout"])
        return "ok" if got == PAYLOAD else "error:badreply"
    except Exception as e:
        return classify(e)
    finally:
        s.close()


async def udp_probe(loop, p):
    s = socket.socket(family(p["dst"]), socket.SOCK_DGRAM)
    s.setblocking(False)
    try:
        s.bind((p["src"], p["sport"]))
        s.connect((p["dst"], p["dport"]))
        deadline = loop.time() + p["timeout"]
        # two sends, in case the first is the one that waited for neighbour resolution
        for attempt in range(2):
            s.send(PAYLOAD)
            try:
                left = (deadline - loop.time()) / (2 - attempt)
                got = await asyncio.wait_for(loop.sock_recv(s, 64), max(left, 0.01))
                return "ok" if got == PAYLOAD else "error:badreply"
            except asyncio.TimeoutError:
                continue
        return "timeout"
    except Exception as e:
        return classify(e)
    finally:
        s.close()


async def icmp_probe(loop, p):
    v6 = ":" in p["dst"]
    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMPV6 if v6 else socket.IPPROTO_ICMP)
    s.setblocking(False)
    try:
        s.bind((p["src"], 0))
        s.connect((p["dst"], 0))
        deadline = loop.time() + p["timeout"]
        for seq in (1, 2):
            s.send(struct.pack("!BBHHH", 128 if v6 else 8, 0, 0, 0, seq) + PAYLOAD)
            try:
                left = (deadline - loop.time()) / (3 - seq)
                got = await asyncio.wait_for(loop.sock_recv(s, 128), max(left, 0.01))
                return "ok" if got[0] == (129 if v6 else 0) else "error:type%d" % got[0]
            except asyncio.TimeoutError:
                continue
        return "timeout"
    except Exception as e:
        return classify(e)
    finally:
        s.close()


async def probe_all(probes):
    loop = asyncio.get_running_loop()
    kinds = {"tcp": tcp_probe, "udp": udp_probe, "icmp": icmp_probe}
    results = await asyncio.gather(*(kinds[p["proto"]](loop, p) for p in probes))
    return {p["id"]: r for p, r in zip(probes, results)}


def hold(host, port, secs, sport):
    s = socket.socket(family(host), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.settimeout(1.0)
    s.bind(("::" if ":" in host else "0.0.0.0", sport))
    s.connect((host, port))
    print("connected", flush=True)
    end = time.time() + secs
    while time.time() < end:
        try:
            s.sendall(b"x"); ok = s.recv(1) == b"x"
        except OSError:
            ok = False
        sys.stdout.write("." if ok else "x"); sys.stdout.flush()
        time.sleep(0.1)
    print("", flush=True)


def sink(addr, port):
    u = socket.socket(family(addr), socket.SOCK_DGRAM)
    u.bind((addr, port))
    print("ready", flush=True)
    while True:
        d, _ = u.recvfrom(65535)
        print(d.decode(), flush=True)


def stream(host, port, sport, secs):
    u = socket.socket(family(host), socket.SOCK_DGRAM)
    u.bind(("::" if ":" in host else "0.0.0.0", sport))
    print("started", flush=True)
    end, seq = time.time() + secs, 0
    while time.time() < end:
        u.sendto(f"{sport}:{seq}".encode(), (host, port)); seq += 1
        sys.stdout.write("."); sys.stdout.flush()
        time.sleep(0.1)
    print("", flush=True)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "serve":
        serve([int(x) for x in sys.argv[2].split(",")], [a for a in sys.argv[3].split(",") if a])
    elif cmd == "probe":
        print(json.dumps(asyncio.run(probe_all(json.load(sys.stdin)))))
    elif cmd == "sink":
        sink(sys.argv[2], int(sys.argv[3]))
    elif cmd == "stream":
        stream(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
    elif cmd == "hold":
        hold(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]))
