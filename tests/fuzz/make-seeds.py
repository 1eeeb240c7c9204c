#!/usr/bin/env python3
"""Writes the seed corpora under tests/data/fuzz/<target>/ (except task_spec, whose seeds are
`idleforgectl task new` output; see tests/fuzz/README.md).

The seeds are small valid inputs, signed and sealed for real (libsodium through ctypes, BLAKE2b
from hashlib), so each fuzzer starts past the checks a random input never passes. Keys and
salts are fixed, so running this again writes the same bytes.

    tests/fuzz/make-seeds.py [OUT_DIR]      # default: tests/data/fuzz
"""
import ctypes
import hashlib
import json
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "data", "fuzz")

sodium = ctypes.CDLL("libsodium.so.23")
assert sodium.sodium_init() >= 0

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def keypair(seed_byte: int):
    pk = ctypes.create_string_buffer(32)
    sk = ctypes.create_string_buffer(64)
    assert sodium.crypto_sign_seed_keypair(pk, sk, bytes([seed_byte]) * 32) == 0
    return pk.raw, sk.raw


def sign(sk: bytes, message: bytes) -> bytes:
    sig = ctypes.create_string_buffer(64)
    assert sodium.crypto_sign_detached(sig, None, message, ctypes.c_ulonglong(len(message)), sk) == 0
    return sig.raw


def canonical(obj) -> bytes:
    # Matches protocol/CanonicalJson.h for what these seeds hold: ASCII keys, integers, strings.
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signed(obj, sk):
    sig = b58(sign(sk, canonical(obj)))
    return dict(obj, sig=sig)


def write(target, name, data: bytes):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


H1 = "0123456789abcdef" * 4
H2 = "fedcba9876543210" * 4
NODE_PK, NODE_SK = keypair(1)
COORD_PK, COORD_SK = keypair(2)
NODE, COORD = b58(NODE_PK), b58(COORD_PK)


def receipt(kind, amount, state, rid="r-1"):
    return signed({"v": 1, "id": rid, "kind": kind, "amount": amount, "state": state, "job": "t3",
                   "node": NODE, "payee": NODE, "ts": 1700000000000}, COORD_SK)


def envelopes():
    spec = json.dumps({"name": "tiny", "lr": 0.001}, separators=(",", ":"))
    bodies = {
        "hello": {"coordinator": COORD, "protocol": 1, "server_ts": 1700000000000, "lease_ms": 60000,
                  "heartbeat_ms": 15000, "blobs": "http://127.0.0.1:7801"},
        "heartbeat": {"lease": "l7", "step": 12, "checkpoint": {"step": 10, "hash": H2}},
        "lease": {"lease": "l7", "task": "t3", "spec": spec, "spec_hash": H1, "reward": 2000,
                  "expires_ts": 1700000060000, "lease_ms": 60000, "heartbeat_ms": 15000,
                  "blobs": "http://h:7801", "attempt": 2, "resume": {"step": 40, "hash": H2}},
        "commit": {"lease": "l7", "run_root": H1, "final_hash": H2, "steps": 20, "checkpoint_every": 5,
                   "losses": ["4.1588831", "3.20001"]},
        "verify": {"game": "g4", "task": "t3", "msg": {"type": "audit.opening", "game": "g4", "from": "solver",
                                                       "to": "verifier", "seq": 2, "body": {"step": 3}}, "blob": H2},
        "receipt": {"receipt": receipt("reward", 2000, "settled")},
        "settled": {"task": "t3", "game": "g5", "outcome": "decided",
                    "detail": {"winner": "b", "reason": "op differs", "step": 1, "node": 4, "op": "matmul",
                               "node_name": "h0.attn", "step_rounds": 5, "node_rounds": 3, "referee_ops": 1,
                               "blamed": NODE},
                    "receipts": ["r-1", "r-2"]},
        "error": {"code": "protocol.stale", "message": "too old", "re": "abcdefghijklmnop"},
    }
    for i, (kind, body) in enumerate(bodies.items()):
        env = signed({"v": 2, "type": kind, "from": NODE, "nonce": "nonce-%016d" % i, "ts": 1700000000000 + i,
                      "body": body}, NODE_SK)
        write("envelope", kind + ".json", json.dumps(env, indent=1).encode())


def canonical_json():
    texts = {
        "object.json": b'{"b":1,"a":[true,false,null,-9007199254740991],"c":{"z":"\\u0001\\n\\"\\\\"}}',
        "unicode.json": '{"\u00e9":"\U0001F600","\u00e0":"/ \u2028","\ud7ff":""}'.encode(),
        "pretty.json": b'{\n  "v": 1,\n  "list": [ 1, 2, 3 ],\n  "s": "tab\\there"\n}',
        "array.json": b'[[],{},"",0,-0,9007199254740991]',
        "receipt.json": json.dumps(receipt("fee", 15, "pending")).encode(),
    }
    for name, text in texts.items():
        write("canonical_json", name, text)


def receipts():
    for i, (kind, state) in enumerate([("reward", "settled"), ("fee", "pending"), ("stake", "settled"),
                                       ("slash", "cancelled"), ("payout", "pending")]):
        write("receipt", "%s.json" % kind, json.dumps(receipt(kind, 1000 * i, state, "r-%d" % i)).encode())
    extra = signed({"v": 1, "id": "r-9", "kind": "reward", "amount": 5, "state": "settled", "job": "",
                    "node": NODE, "payee": NODE, "ts": 1, "future": {"x": [1]}}, COORD_SK)
    write("receipt", "extra-field.json", json.dumps(extra).encode())


def json_lines():
    lines = [
        {"type": "job", "id": "7", "job": "bench", "params": {"size": 256}},
        {"type": "cancel", "id": "7"},
        {"type": "stop"},
        {"type": "hello", "version": "0.2.0", "pid": 123, "jobs": ["bench", "train"],
         "priority": {"cpu": "idle", "nice": 19, "io": "idle"}},
        {"type": "progress", "id": "7", "fraction": 0.25, "message": "GEMM fp32"},
        {"type": "result", "id": "7", "result": {"gflops": 12.5}},
        {"type": "error", "id": "7", "code": "bench.bad_param", "message": "..."},
        {"type": "bye"},
    ]
    text = b"".join(json.dumps(l, separators=(",", ":")).encode() + b"\n" for l in lines)
    write("json_lines", "protocol.jsonl", bytes([7]) + text)
    write("json_lines", "crlf-and-junk.jsonl", bytes([0]) + b'{"type":"stop"}\r\n\n[1]\n{"id":1}\nnot json\n{"type":')


def mnemonics():
    with open(os.path.join(ROOT, "tests", "data", "bip39-vectors.json")) as f:
        vectors = json.load(f)["english"]
    for i in (0, 3, 8, 12, 20):
        if i < len(vectors):
            write("mnemonic", "phrase-%02d.txt" % i, b"\0" + vectors[i][1].encode())
    write("mnemonic", "phrase-messy.txt", b"\0" + b"  Abandon\tabandon abandon abandon abandon abandon abandon "
                                                  b"abandon abandon abandon abandon  ABOUT\n")
    write("mnemonic", "phrase-typo.txt", b"\0" + b"abandon " * 11 + b"abuot")
    write("mnemonic", "secret.txt", b"\1" + b"IFW1\n3\n" + vectors[0][1].encode() + b"\nTREZOR\nwith newline")
    write("mnemonic", "secret-empty-pass.txt", b"\1" + b"IFW1\n0\n" + vectors[3][1].encode() + b"\n")


def checkpoints():
    task = bytes(range(32))

    def body(step, tensors):
        out = b"IFCKPT02" + task + struct.pack("<qI", step, len(tensors))
        for name, shape in tensors:
            out += struct.pack("<I", len(name)) + name + struct.pack("<I", len(shape))
            numel = 1
            for d in shape:
                out += struct.pack("<q", d)
                numel *= d
            out += struct.pack("<%df" % numel, *[0.5 * k for k in range(numel)])
        out += struct.pack("<Q", step + 1) + b"".join(hashlib.blake2b(bytes([k]), digest_size=32).digest()
                                                      for k in range(step + 1))
        out += struct.pack("<Q", step) + struct.pack("<%df" % step, *[4.0 - k for k in range(step)])
        return out

    # The fuzzer appends the BLAKE3-256 trailer itself (fuzz_checkpoint.cpp).
    write("checkpoint", "step0.bin", body(0, []))
    write("checkpoint", "step2.bin", body(2, [(b"a.w", [2, 3]), (b"b", [4]), (b"c.scalar", [])]))
    write("checkpoint", "empty-dim.bin", body(1, [(b"e", [0, 5])]))


def seal(plaintext: bytes, password: bytes, ops=1, mem_kib=8) -> bytes:
    salt = bytes(range(16))
    nonce = bytes(range(100, 124))
    key = ctypes.create_string_buffer(32)
    assert sodium.crypto_pwhash(key, ctypes.c_ulonglong(32), password, ctypes.c_ulonglong(len(password)), salt,
                                ctypes.c_ulonglong(ops), ctypes.c_size_t(mem_kib * 1024), 2) == 0  # ARGON2ID13
    header = b"IFSEAL" + struct.pack("<HBBHII", 1, 1, 1, 0, ops, mem_kib) + salt + nonce
    header += struct.pack("<Q", len(plaintext) + 16)
    ct = ctypes.create_string_buffer(len(plaintext) + 16)
    ct_len = ctypes.c_ulonglong(0)
    assert sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        ct, ctypes.byref(ct_len), plaintext, ctypes.c_ulonglong(len(plaintext)), header,
        ctypes.c_ulonglong(len(header)), None, nonce, key) == 0
    return header + ct.raw


def store(entries) -> bytes:
    out = b"IFSTORE1" + struct.pack("<I", len(entries))
    for k, v in entries:
        out += struct.pack("<H", len(k)) + k + struct.pack("<I", len(v)) + v
    return out


def secret_files():
    entries = [(b"node-identity", bytes(range(32))), (b"payout-wallet", b"IFW1\n0\nabandon about\n")]
    # The fuzzer opens with the password "fuzz" (fuzz_secret_file.cpp).
    write("secret_file", "sealed-store.bin", b"\0" + seal(store(entries), b"fuzz"))
    write("secret_file", "sealed-empty.bin", b"\0" + seal(store([]), b"fuzz"))
    write("secret_file", "sealed-other-password.bin", b"\0" + seal(store(entries), b"not the one"))
    write("secret_file", "sealed-moderate.bin", b"\0" + seal(b"x", b"fuzz", ops=3, mem_kib=64))
    write("secret_file", "plain-store.bin", b"\1" + store(entries))
    write("secret_file", "plain-empty.bin", b"\1" + store([]))
    write("secret_file", "plain-duplicate.bin", b"\1" + store([(b"k", b"1"), (b"k", b"22"), (b"", b"")]))


def blob_requests():
    length = 11
    now = 1700000000000
    msg = b"idleforge-blob-put-v1\nPUT\n" + H1.encode() + b"\n%d\n%d" % (length, now)
    sig = b58(sign(NODE_SK, msg)).encode()
    put = (b"PUT /blobs/" + H1.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1:7801\r\nContent-Length: 11\r\n"
           b"X-IdleForge-Key: " + NODE.encode() + b"\r\nX-IdleForge-Time: %d\r\n" % now +
           b"X-IdleForge-Signature: " + sig + b"\r\nExpect: 100-continue\r\n\r\nhello world")
    get = b"GET /blobs/" + H2.encode() + b" HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
    write("blob_http", "put.http", bytes([40]) + put)
    write("blob_http", "get.http", bytes([127]) + get)
    write("blob_http", "get-one-byte-segments.http", bytes([0]) + get)
    write("blob_http", "put-chunked.http", bytes([64]) + b"PUT /blobs/" + H1.encode() +
          b" HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
    write("blob_http", "put-two-lengths.http", bytes([64]) + b"PUT /blobs/" + H1.encode() +
          b" HTTP/1.1\r\nContent-Length: 3\r\ncontent-length : 3\r\n\r\nabc")
    write("blob_http", "bad-path.http", bytes([64]) + b"GET /blobs/" + H1.upper().encode() + b" HTTP/1.0\r\n\r\n")


def status_requests():
    lines = (b'{"request":"status"}\n{"request":"pause","for_ms":60000}\r\n{"request":"resume"}\n'
             b'{"request":"reload_settings"}\n{"request":1}\n[]\nnot json\n{"request":"status"')
    write("status_request", "commands.jsonl", bytes([9]) + lines)
    write("status_request", "one-read.jsonl", bytes([63]) + b'{"request":"status"}\n')


if __name__ == "__main__":
    envelopes()
    canonical_json()
    receipts()
    json_lines()
    mnemonics()
    checkpoints()
    secret_files()
    blob_requests()
    status_requests()
