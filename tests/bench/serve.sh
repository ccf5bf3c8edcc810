#!/usr/bin/env bash
# The benchmark of `make bench-serve` (never part of `make test`): `brief
# serve` on the shipped briefing and on the 10,000-post bench site
# (tests/bench/gensite, in /dev/shm), with one Server-Sent Events client.
# For each kind of edit, EDITS edits (default 12) a few hundred ms apart;
# prints the medians of
#   write -> event: from just before the file is written to the reload
#     event read by the client (the debounce's 20 ms included);
#   rebuild: the time the server reports for the rebuild itself;
# and the serving process's peak RSS (VmHWM) at the end.
# Needs generator/brief, tests/build/bench/gensite and curl.
set -u
cd "$(dirname "$0")/../.."
root=${BENCH_ROOT:-/dev/shm/brief-serve-bench}
brief=$PWD/generator/brief
edits=${EDITS:-12}
rm -rf "$root" && mkdir -p "$root"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$root"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# edits NAME FILE LABEL: appends to FILE edits times; prints the medians.
edits() {
	local name=$1 file=$2 label=$3 i n t0 t1 lat=() reb
	: >"$root/$name.lat"
	for i in $(seq "$edits"); do
		n=$(wc -l <"$root/$name.events")
		t0=$EPOCHREALTIME
		printf '\nEdit %s.\n' "$i" >>"$file"
		for _ in $(seq 400); do
			[ "$(wc -l <"$root/$name.events")" -gt "$n" ] && break
			sleep 0.005
		done
		t1=$(sed -n "$((n + 1))p" "$root/$name.events" | cut -d' ' -f1)
		echo "$t0 $t1" | awk '{ printf "%.1f\n", ($2 - $1) * 1000 }' >>"$root/$name.lat"
		sleep 0.3
	done
	reb=$(grep -o 'in [0-9.]* ms' "$root/$name.rebuilds" | tail -n "$edits" | awk '{ print $2 }' | median)
	printf '%-44s write->event %7.1f ms   rebuild %7.1f ms\n' "$label" "$(median <"$root/$name.lat")" "$reb"
}

rss() { awk '/VmHWM/ { printf "%.1f MiB\n", $2 / 1024 }' "/proc/$1/status"; }

echo "brief serve bench on $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), $edits edits each, medians"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# Starts the server (its rebuild lines in NAME.rebuilds) and the client,
# edits, prints the peak RSS and stops the server.
run_site() { # name, content dir's parent, page to edit, template to edit or ""
	local name=$1 dir=$2 page=$3 tpl=$4
	(cd "$dir" && exec "$brief" serve --port 0) >"$root/$name.rebuilds" 2>"$root/$name.err" &
	spid=$!
	pids+=("$spid")
	for _ in $(seq 600); do
		url=$(sed -nE '1s|^brief: serving (http://[0-9.]+:[0-9]+/).*|\1|p' "$root/$name.rebuilds")
		[ -n "$url" ] && break
		sleep 0.05
	done
	curl -sN "${url}__brief/events" | while IFS= read -r line; do
		[[ $line == event:* ]] && echo "$EPOCHREALTIME ${line#event: }"
	done >"$root/$name.events" &
	pids+=($!)
	sleep 0.5
	edits "$name" "$dir/$page" "$name: one page's body"
	[ -n "$tpl" ] && edits "$name" "$dir/$tpl" "$name: a template"
	echo "$name: peak RSS of the server $(rss "$spid")"
	kill "$spid"
	wait "$spid" 2>/dev/null
}

mkdir -p "$root/briefing" && cp -r content templates "$root/briefing/"
run_site briefing "$root/briefing" content/sources/_index.md templates/section.mustache
tests/build/bench/gensite 10000 "$root/s10k" >/dev/null
run_site 10k-posts "$root/s10k/brief" content/posts/post-004321.md templates/page.mustache
