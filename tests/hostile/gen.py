#!/usr/bin/env python3
"""Writes a site into SITE that pushes every line of PAYLOADS through each
channel a content author controls: Markdown (text, raw HTML, a chart's
title, note and bar labels), front matter (title, summary), YAML, JSON and
CSV data shown by a template (as text and as an attribute), a chart made
from the CSV, and i18n strings. Each channel's template element carries a
class ch-NAME, so that check.py can prove every payload arrived there as
text. Usage: gen.py PAYLOADS SITE"""
import json
import os
import sys


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def q(s):
    """A YAML double-quoted scalar (JSON's string syntax is one)."""
    return json.dumps(s, ensure_ascii=False)


def csv_cell(s):
    return '"' + s.replace('"', '""') + '"'


def main():
    payloads = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    site = sys.argv[2]
    c, t = os.path.join(site, "content"), os.path.join(site, "templates")
    write(os.path.join(c, "site.yaml"), "title: Hostile\nlanguage: en\n")
    write(os.path.join(c, "i18n", "en.yaml"),
          "".join("p%d: %s\n" % (i, q(p)) for i, p in enumerate(payloads)))
    write(os.path.join(c, "hostile.yaml"),
          "list:\n" + "".join("  - %s\n" % q(p) for p in payloads))
    write(os.path.join(c, "hostile_json.json"), json.dumps({"list": payloads}, indent=1))
    write(os.path.join(c, "hostile_csv.csv"),
          "label,value\n" + "".join("%s,%d\n" % (csv_cell(p), i + 1) for i, p in enumerate(payloads)))
    bars = "".join("  - label: %s\n    value: %d\n" % (q(p), i + 1) for i, p in enumerate(payloads))
    body = ["---", "title: Home", "---", ""]
    for p in payloads:
        body += ["Text: " + p, "", p, ""]
    body += ["```chart", "title: " + q(payloads[0]), "note: " + q(payloads[1]), "bars:", bars, "```", ""]
    body += ["```chart", "title: From CSV", "data: hostile_csv", "```", ""]
    write(os.path.join(c, "index.md"), "\n".join(body))
    for i, p in enumerate(payloads):
        write(os.path.join(c, "p", "%02d.md" % i),
              "---\ntitle: %s\nsummary: %s\n---\nBody %d.\n" % (q(p), q(p), i))
    head = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{{page.title}}</title></head><body>\n'
    tail = "</body></html>\n"
    write(os.path.join(t, "index.mustache"), head + "{{{page.content}}}\n"
          '<ul>{{#data.hostile.list}}<li class="ch-yaml" title="{{.}}">{{.}}</li>{{/data.hostile.list}}</ul>\n'
          '<ul>{{#data.hostile_json.list}}<li class="ch-json" data-x="{{.}}">{{.}}</li>{{/data.hostile_json.list}}</ul>\n'
          '<ul>{{#data.hostile_csv}}<li class="ch-csv"><img alt="{{label}}" src="x.png">{{label}}</li>{{/data.hostile_csv}}</ul>\n'
          "<ul>" + "".join('<li class="ch-i18n">{{i18n.p%d}}</li>' % i for i in range(len(payloads))) + "</ul>\n"
          + tail)
    write(os.path.join(t, "section.mustache"), head + "{{{page.content}}}\n"
          '<ul>{{#page.pages}}<li><a class="ch-title" href="{{url}}" title="{{title}}">{{title}}</a>'
          '<span class="ch-summary">{{summary}}</span></li>{{/page.pages}}</ul>\n' + tail)
    write(os.path.join(t, "page.mustache"), head +
          '<h1 class="ch-page">{{page.title}}</h1><meta name="description" content="{{page.summary}}">\n'
          "{{{page.content}}}\n" + tail)


main()
