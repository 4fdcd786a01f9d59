"""Hostile inputs of every kind, made from a seed: ``case(rng, n)`` -> ``Case(name, data, good)``.

``good`` cases are real articles (each holding a unique marker) that must be stored whatever their neighbours
are; the others are binary, empty, huge, bombs, truncated archives, odd encodings, broken / deeply nested /
gigantic HTML, broken JSON / feeds / WARC / XML with entity tricks, and hostile file names. ``scale`` shrinks
the big ones for CI (1.0 = the sizes of issue 10's reproductions).
"""
from __future__ import annotations

import gzip
import io
import json
import random
from dataclasses import dataclass

PARAGRAPHS = [
    "Ministers from both countries met in Geneva on Tuesday to discuss a ceasefire, officials said.",
    "The talks lasted more than six hours and ended without a joint statement, according to two diplomats.",
    "A spokesman for the foreign ministry said the delegations would meet again in May.",
    "Aid groups have warned that fuel and medicine are running out in the city of 400,000 people.",
    "\"We are closer than we have been for a year,\" the envoy told reporters after the meeting.",
]


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    data: bytes
    good: bool = False
    kind: str = ""


def article(rng: random.Random, marker: str) -> str:
    paras = rng.sample(PARAGRAPHS, 4)
    return f"Talks resume in Geneva {marker}\n\n" + "\n\n".join(paras) + f"\n\nThe reference of this report is {marker}."


def good(rng: random.Random, n: int) -> Case:
    marker = f"zq{n:06d}x"
    text = article(rng, marker)
    form = rng.choice(["txt", "html", "json", "jsonl", "gz", "utf16"])
    if form == "html":
        body = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
        return Case(f"good-{n}.html", (f"<html><head><title>Talks {marker}</title></head><body><article>"
                                       f"{body}</article></body></html>").encode(), True, "good")
    if form in ("json", "jsonl"):
        return Case(f"good-{n}.{form}", json.dumps({"text": text, "title": f"Talks {marker}"}).encode(), True, "good")
    if form == "gz":
        return Case(f"good-{n}.txt.gz", gzip.compress(text.encode()), True, "good")
    if form == "utf16":
        return Case(f"good-{n}.txt", text.encode("utf-16"), True, "good")
    return Case(f"good-{n}.txt", text.encode(), True, "good")


# ---- hostile kinds ----

def binary(rng, n, scale):
    return Case(f"bin-{n}.txt", rng.randbytes(rng.randint(1, 20000)))


def empty(rng, n, scale):
    return Case(f"empty-{n}." + rng.choice(["txt", "html", "json", "jsonl", "warc", "rss"]),
                rng.choice([b"", b" \n\t", b"\xef\xbb\xbf", b"\xff\xfe", b"{}", b"[]", b"<html></html>"]))


def huge(rng, n, scale):
    size = int(rng.choice([2, 6, 12]) * 1_000_000 * scale)
    choice = rng.randrange(6)
    if choice == 5:  # near-duplicate records: one word changed in each
        recs = (json.dumps({"text": article(rng, f"nd{n}").replace("Tuesday", f"day {i}")})
                for i in range(int(3000 * scale) or 1))
        return Case(f"neardup-{n}.jsonl", "\n".join(recs).encode())
    if choice == 0:
        return Case(f"huge-{n}.txt", b"!" * (size // 4))
    if choice == 1:
        return Case(f"huge-{n}.txt", b"a" * size)  # no space at all
    if choice == 2:
        return Case(f"huge-{n}.txt", ("word " * (size // 5)).encode())  # one line
    if choice == 3:
        rec = json.dumps({"text": "Talks went on. " * (size // 15)})
        return Case(f"huge-{n}.jsonl", rec.encode())
    return Case(f"huge-{n}.txt", "\n\n".join(article(rng, f"dup{n}") for _ in range(int(3000 * scale))).encode())


def bomb(rng, n, scale):
    choice = rng.randrange(4)
    if choice == 0:  # 200 MB of zeros in ~200 KB
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb") as g:
            for _ in range(int(200 * scale) or 1):
                g.write(b"\0" * 1_000_000)
        return Case(f"bomb-{n}.txt.gz", buf.getvalue())
    if choice == 1:
        lol = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10))
        return Case(f"lol-{n}.xml", f'<?xml version="1.0"?><!DOCTYPE r [{lol}]><r>&l9;</r>'.encode())
    if choice == 2:
        return Case(f"deep-{n}.json", b"[" * 200_000 + b"]" * 200_000)
    return Case(f"deep-{n}.html", ("<div>" * int(100_000 * scale) + "text").encode())


def truncated(rng, n, scale):
    text = article(rng, "t").encode()
    choice = rng.randrange(3)
    if choice == 0:
        g = gzip.compress(text * 20)
        return Case(f"trunc-{n}.txt.gz", g[: rng.randint(2, len(g) - 1)])
    if choice == 1:
        g = bytearray(gzip.compress(text * 20))
        for _ in range(3):
            g[rng.randrange(10, len(g))] = rng.randrange(256)
        return Case(f"corrupt-{n}.txt.gz", bytes(g))
    w = warc(text)
    return Case(f"trunc-{n}.warc", w[: rng.randint(1, len(w) - 1)])


def warc(body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" + body + b"</p></body></html>"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/a\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: " + str(len(http)).encode() + b"\r\n\r\n")
    return head + http + b"\r\n\r\n"


def encoding(rng, n, scale):
    text = article(rng, "enc").replace("Geneva", rng.choice(["Genève", "Zürich", "Москва", "東京", "القاهرة"]))
    codec = rng.choice(["utf-32", "utf-16-le", "cp1252", "latin-1", "shift_jis", "koi8-r", "utf-7", "gb18030"])
    data = text.encode(codec, "replace")
    if rng.random() < 0.3:
        data = data[: rng.randrange(1, len(data))]  # cut inside a character
    return Case(f"enc-{n}.txt", data)


def html(rng, n, scale):
    choice = rng.randrange(6)
    if choice == 0:
        return Case(f"ps-{n}.html", ("<html><body>" + "<p>x</p>" * int(200_000 * scale)).encode())
    if choice == 1:
        attrs = " ".join(f'a{i}="{i}"' for i in range(int(100_000 * scale)))
        return Case(f"attrs-{n}.html", f"<html><body><p {attrs}>Talks resumed today.</p></body></html>".encode())
    if choice == 2:
        return Case(f"amp-{n}.html", ("<html><body><p>" + "&amp;" * int(280_000 * scale) + "</p></body></html>").encode())
    if choice == 3:
        return Case(f"title-{n}.html", (f"<html><head><title>{'T' * int(2_000_000 * scale)}</title></head><body>"
                                        f"<p>{PARAGRAPHS[0]}</p></body></html>").encode())
    if choice == 4:
        tags = ["<p>", "</p>", "<div", ">", "<script>", "</scr", "<!--", "-->", "<![CDATA[", "&#x", "&#0;", "<?php",
                "<svg onload=alert(1)>", "<style>", "\0", "<table><tr><td>", "<title>", "<meta charset='x'>"]
        return Case(f"broken-{n}.html", "".join(rng.choice(tags + PARAGRAPHS) for _ in range(rng.randint(1, 400))).encode())
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))\x1b[31m"
    return Case(f"xss-{n}.html", (f"<html><head><title>{payload}</title><meta name='author' content='{payload}'>"
                                  f"</head><body><article><p>{PARAGRAPHS[1]} {payload}</p><p>{PARAGRAPHS[2]}</p>"
                                  "</article></body></html>").encode())


def structured(rng, n, scale):
    choice = rng.randrange(7)
    if choice == 0:
        return Case(f"j-{n}.json", b'{"text": "Talks \\ud800 resumed \\udfff today in Geneva, said officials."}')
    if choice == 1:
        return Case(f"j-{n}.jsonl", b'{"text": 1}\n{"html": null}\n[1,2]\n{bad\n{"text": "' + b"x" * 100 + b'"}\n')
    if choice == 2:
        return Case(f"y1-{n}.json", json.dumps({"text": article(rng, "y1"), "date": rng.choice(
            ["0001-01-01", "9999-12-31", "2023-02-30", "-5", "1e309", "yesterday"])}).encode())
    if choice == 3:
        return Case(f"f-{n}.rss", (f"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                                   f"<rss version='2.0'><channel><title>&x;</title><item><title>A</title>"
                                   f"<pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate><description>{PARAGRAPHS[0]} &x;"
                                   "</description></item></channel></rss>").encode())
    if choice == 4:
        return Case(f"f-{n}.atom", b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content>" + rng.randbytes(300)
                    + b"</content></entry>")
    if choice == 5:
        return Case(f"w-{n}.warc", b"WARC/1.0\r\nContent-Length: 99999999\r\n\r\n" + rng.randbytes(500))
    return Case(f"x-{n}.xml", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x"> %p;]>'
                b'<r><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>text</r>')


_NAMES = ["-rf.txt", "--db.txt", "a\nb.txt", "\x1b[31mred.txt", "x" * 240 + ".txt", "ünï©ødé.txt", "..txt",
          "...txt", ".hidden.txt", "sp ace.txt", "quote'\".txt", "semi;colon$(x).txt", "back\\slash.txt", "~tilde.txt"]


def hostile_name(rng, n, scale):
    c = good(rng, n)
    return Case(f"{n}-{rng.choice(_NAMES)}", c.data, True, "name")


KINDS = {"binary": binary, "empty": empty, "huge": huge, "bomb": bomb, "truncated": truncated,
         "encoding": encoding, "html": html, "structured": structured, "name": hostile_name}
WEIGHTS = {"binary": 2, "empty": 2, "huge": 0.3, "bomb": 0.5, "truncated": 2, "encoding": 2, "html": 2,
           "structured": 3, "name": 1}


def case(rng: random.Random, n: int, scale: float = 1.0) -> Case:
    """Case number ``n``: a good article one time in three, else a hostile input of a weighted-random kind."""
    if rng.random() < 1 / 3:
        return good(rng, n)
    kind = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    c = KINDS[kind](rng, n, scale)
    return Case(c.name, c.data, c.good, c.kind or kind)
