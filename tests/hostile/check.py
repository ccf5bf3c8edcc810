#!/usr/bin/env python3
"""Reads every .html file under DIR with a real HTML parser and prints
each piece of live markup a payload could have made: a script, iframe,
object, embed, base, frame, applet or animation element, a <meta
http-equiv>, a <style> element, an on* attribute, a srcdoc, a
javascript:, vbscript: or data: URL in a URL attribute (after the
browser's own clean-up: entities decoded, tabs and newlines removed,
leading spaces and controls stripped, any case), and expression() or
javascript: in a style attribute. With --texts, also prints, per class
ch-NAME (and chart-label, brief's own), the text of every element of
that class and of its title, alt, data-x and content attributes, as JSON, for the caller to compare with
the payloads. Exit status 1 when anything live was found.
Usage: check.py DIR [--texts]"""
import html.parser
import json
import os
import re
import sys

DANGEROUS_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "base",
                  "applet", "animate", "set", "animatetransform", "animatemotion",
                  "handler", "listener", "style", "form", "portal"}
URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "data", "poster",
             "background", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "to",
             "from", "values", "usemap", "manifest", "ping", "srcset", "imagesrcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")


def url_is_live(value):
    # The WHATWG URL parser drops tabs and newlines anywhere and C0
    # controls and spaces at either end; schemes match in any case.
    v = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e"
                                              "\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
                                              "\x1b\x1c\x1d\x1e\x1f ").lower()
    return v.startswith(BAD_SCHEMES)


def style_is_live(value):
    v = re.sub(r"/\*.*?\*/|\\|\s", "", value).lower()
    return "expression(" in v or "javascript:" in v or "vbscript:" in v or "behavior:" in v


class Finder(html.parser.HTMLParser):
    def __init__(self, path, texts):
        super().__init__(convert_charrefs=True)
        self.path, self.found, self.texts, self.open = path, [], texts, []

    def live(self, what):
        self.found.append("%s:%d: %s" % (self.path, self.getpos()[0], what))

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.live("<%s> element" % tag)
        names = {k for k, _ in attrs}
        if tag == "meta" and "http-equiv" in names:
            self.live("<meta http-equiv>")
        for k, v in attrs:
            v = v or ""
            if k.startswith("on"):
                self.live("%s= attribute on <%s>" % (k, tag))
            elif k == "srcdoc":
                self.live("srcdoc= attribute on <%s>" % tag)
            elif k in URL_ATTRS and url_is_live(v):
                self.live("%s=%r on <%s>" % (k, v, tag))
            elif k == "style" and style_is_live(v):
                self.live("style=%r on <%s>" % (v, tag))
        cls = dict(attrs).get("class") or ""
        m = re.match(r"ch-([a-z0-9]+)$|(chart-label)$", cls)
        if m and self.texts is not None:
            for k, v in attrs:
                if k in ("title", "alt", "data-x", "content"):
                    self.texts.setdefault("%s@%s" % (m.group(m.lastindex), k), []).append(v)
        if tag == "img" and self.open:
            alt = dict(attrs).get("alt")
            if alt is not None and self.texts is not None:
                self.texts.setdefault("%s@alt" % self.open[-1][0], []).append(alt)
        if tag == "meta" and dict(attrs).get("name") == "description" and self.texts is not None:
            self.texts.setdefault("description", []).append(dict(attrs).get("content"))
        if m:
            self.open.append([m.group(m.lastindex), tag, ""])
        elif self.open and tag not in ("img", "meta", "br"):
            self.open[-1].append(tag)

    def handle_endtag(self, tag):
        if self.open:
            top = self.open[-1]
            if len(top) > 3 and top[-1] == tag:
                top.pop()
            elif top[1] == tag:
                self.open.pop()
                if self.texts is not None:
                    self.texts.setdefault(top[0], []).append(top[2])

    def handle_data(self, data):
        if self.open:
            self.open[-1][2] += data


def main():
    root, want_texts = sys.argv[1], "--texts" in sys.argv[2:]
    texts = {} if want_texts else None
    found, pages = [], 0
    for d, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(".html"):
                path = os.path.join(d, name)
                f = Finder(os.path.relpath(path, root), texts)
                f.feed(open(path, encoding="utf-8", errors="replace").read())
                f.close()
                found += f.found
                pages += 1
    for line in found:
        print("LIVE " + line)
    if want_texts:
        print(json.dumps(texts, ensure_ascii=False))
    print("%d pages read, %d live" % (pages, len(found)), file=sys.stderr)
    sys.exit(1 if found else 0)


main()
