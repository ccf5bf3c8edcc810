#!/usr/bin/env bash
# make bench-rebuild: rebuild times of a `brief serve` session after one
# edit (tests/bench/rebuild.c), on the shipped briefing and on a
# 10,000-post site from gensite, in /dev/shm (tmpfs: disk times swing).
set -eu
cd "$(dirname "$0")/../.."
export TZ=UTC LC_ALL=C.UTF-8
work=$(mktemp -d /dev/shm/brief-rebuild.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "brief rebuild bench on $(nproc) cores, brief $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "== the shipped briefing (a body edit of its first page) =="
cp -r content templates "$work/"
page=$(ls "$work"/content/*.md | grep -v _index | head -n 1)
tests/build/bench/rebuild "$work/content" "$work/templates" "$page" \
	"$work/templates/partials/footer.mustache" 15
echo "== 10,000 posts =="
tests/build/bench/gensite 10000 "$work/s" >/dev/null
tests/build/bench/rebuild "$work/s/brief/content" "$work/s/brief/templates" \
	"$work/s/brief/content/posts/post-005000.md" "$work/s/brief/templates/page.mustache" 15
