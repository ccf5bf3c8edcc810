# The closing part of tests/bench/run.sh (sourced, not run): time per page
# at each size against 10,000 posts, and every target of issue 11, met,
# missed or not measured. Reads fig[MIX-SIZE-TOOL-{wall,cpu,pss}] (MiB for
# pss), $mixes, $sizes and $tools.
# shellcheck shell=bash disable=SC2154

# Microseconds of wall time per post of tool $2 at $3 posts of mix $1.
per_page() {
	local w=${fig[$1-$3-$2-wall]:-}
	if [ -n "$w" ]; then
		awk -v w="$w" -v n="$3" 'BEGIN { printf "%.1f", w / n * 1e6 }'
	fi
}

# One table per mix: each tool's time per page at each size, and its ratio
# to the same tool's at 10,000 posts when the run had that size.
linearity() {
	local mix=$1 tool n base cell row
	echo
	echo "== time per post (wall, microseconds) and its ratio to 10,000 posts, $mix mix =="
	row=$(printf '%-14s' tool)
	for n in $sizes; do row+=$(printf ' %18s' "$n"); done
	echo "$row"
	for tool in $tools; do
		row=$(printf '%-14s' "$tool") base=$(per_page "$mix" "$tool" 10000)
		for n in $sizes; do
			cell=$(per_page "$mix" "$tool" "$n")
			if [ -z "$cell" ]; then
				cell=-
			elif [ -n "$base" ]; then
				cell="$cell ($(ratio "$cell" "$base")x)"
			fi
			row+=$(printf ' %18s' "$cell")
		done
		echo "$row"
	done
}

# "met"/"missed" with the figure, or what to run to measure it. $1 the
# figure (empty when not measured), $2 the limit, $3 the SIZES it needs.
target() {
	if [ -z "$1" ] || [ "$1" = n/a ]; then
		echo "not measured (needs SIZES to include $3)"
	else
		echo "$1: $(verdict "$1" "$2")"
	fi
}

bench_summary() {
	local mix
	[ -n "$sizes" ] || return 0
	for mix in $mixes; do
		linearity "$mix"
	done
	echo
	echo "== issue 11 targets (brief at all cores) =="
	for mix in $mixes; do
		local a b
		echo "$mix mix:"
		echo "  1. peak memory at 100,000 posts < 300 MiB (tree PSS): $(target "$(mib "${fig[$mix-100000-brief-pss]:-}")" 300 100000)"
		echo "     peak memory at 1,000,000 posts < 2048 MiB (tree PSS): $(target "$(mib "${fig[$mix-1000000-brief-pss]:-}")" 2048 1000000)"
		echo "  2. CPU at 10,000 posts <= 1.3x the floor's: $(target "$(ratio "${fig[$mix-10000-brief-cpu]:-}" "${fig[$mix-10000-floor-cpu]:-}")" 1.3 10000)"
		echo "  3. wall at 10,000 posts <= 0.20x Hugo's: $(target "$(ratio "${fig[$mix-10000-brief-wall]:-}" "${fig[$mix-10000-hugo-wall]:-}")" 0.20 10000)"
		a=$(per_page "$mix" brief 1000000) b=$(per_page "$mix" brief 10000)
		echo "  4. time per post at 1,000,000 <= 1.2x at 10,000: $(target "$([ -n "$a" ] && [ -n "$b" ] && ratio "$a" "$b")" 1.2 "10000 and 1000000")"
	done
	echo "5. the build cache: tests/bench/cache.sh's rows, after the tables"
}
