#!/usr/bin/env bash
# kill -9 in the middle of a bulk `candor ingest`, then the same command again: checks that
# nothing is lost and nothing is stored twice (issue #20).
#
# usage: candor-bench/scripts/ingest-kill-resume.sh LFW_DIR [IMAGES [KILL_AFTER]]
#   LFW_DIR     LFW's folder of people (one folder per person); the first IMAGES photos in name
#               order (default 1200) are ingested, one subject per folder
#   KILL_AFTER  the JVM is killed with SIGKILL once this many images are stored (default 500)
# Runs the ingest under `script` so that it draws its progress bar as on a terminal; needs
# sqlite3 (read-only queries of the store). Works in a temporary folder it removes at the end.
# Exit status 0 when every check holds.
set -euo pipefail
lfw=${1:?usage: $0 LFW_DIR [IMAGES [KILL_AFTER]]}
# absolute, since the input folder links to the photos from elsewhere
lfw=$(realpath "$lfw")
images=${2:-1200}
kill_after=${3:-500}
home="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
candor="$home/candor"
work=$(mktemp -d /tmp/candor-kill-resume.XXXXXX)
trap 'rm -rf "$work"' EXIT
data="$work/data"
input="$work/input"

# The photos, as links in one folder per person.
find "$lfw" -mindepth 2 -maxdepth 2 -name '*.jpg' | sort | sed -n "1,${images}p" | while read -r f; do
  mkdir -p "$input/$(basename "$(dirname "$f")")"
  ln -s "$f" "$input/$(basename "$(dirname "$f")")/$(basename "$f")"
done
count=$(find "$input" -name '*.jpg' | wc -l)

"$candor" keys create --role admin --name ops --data "$data" > "$work/ops.key"
"$candor" collections create c --purpose "kill and resume" --lawful-basis authority \
  --basis-ref kill-resume --data "$data" --key-file "$work/ops.key" > /dev/null
"$candor" keys create --role enroller --collections c --name loader --data "$data" > "$work/e.key"
cmd="$candor ingest $input --collection c --subject-from-folder --lawful-basis authority \
--basis-ref kill-resume --data $data --key-file $work/e.key"
q() { sqlite3 "file:$data/candor.db?mode=ro" "$1"; }

echo "== run 1: $count photos, killed with SIGKILL once $kill_after are stored"
script -qfec "$cmd" "$work/run1.log" > /dev/null 2>&1 &
session=$!
stored=0
while [ "$stored" -lt "$kill_after" ]; do
  sleep 0.2
  stored=$(q "select count(*) from media" 2>/dev/null || echo 0)
  if ! kill -0 "$session" 2>/dev/null; then
    echo "the ingest ended before $kill_after images were stored" >&2; exit 1
  fi
done
jvm=""
# `script` runs the command in a session of its own, led by its child
for leader in $(pgrep -P "$session"); do
  for pid in $(pgrep -s "$leader"); do
    if grep -qa "candor.app.Main" "/proc/$pid/cmdline" 2>/dev/null; then jvm=$pid; fi
  done
done
[ -n "$jvm" ] || { echo "cannot find the ingest's JVM" >&2; exit 1; }
kill -9 "$jvm"
wait "$session" || true
before=$(q "select count(*) from media")
echo "killed JVM $jvm: media $before, faces $(q 'select count(*) from faces'), crop files" \
  "$(find "$data/crops" -name '*.sealed' | wc -l), temporary files $(find "$data/crops" -name '*.tmp' | wc -l)"

echo "== run 2: the same command"
script -qfec "$cmd" "$work/run2.log" > /dev/null 2>&1
tr '\r' '\n' < "$work/run2.log" | grep -E '^ingest(ed)? ' | tail -2

media=$(q "select count(*) from media")
distinct=$(q "select count(distinct sha256) from media")
faces=$(q "select count(*) from faces")
doubled=$(q "select count(*) from (select media_sha256 from faces group by media_sha256 having count(*) > 1)")
entries=$(q "select count(*) from audit_log where action = 'media.ingest'")
subjects=$(q "select count(*) from subjects")
refs=$(q "select count(distinct external_ref) from subjects")
folders=$(find "$input" -mindepth 1 -maxdepth 1 -type d | wc -l)
crops=$(find "$data/crops" -name '*.sealed' | wc -l)
temporary=$(find "$data" -name '*.tmp' | wc -l)
echo "after the resume: media $media (distinct $distinct), faces $faces, images with more than one" \
  "stored face $doubled, subjects $subjects (of $folders folders), media.ingest entries $entries, crop files $crops, temporary files $temporary"
chain=$("$candor" audit verify --data "$data" 2>/dev/null | tail -1)
echo "$chain"
failed=0
[ "$media" -eq "$count" ] || { echo "FAIL: $media images stored of $count" >&2; failed=1; }
[ "$distinct" -eq "$media" ] || { echo "FAIL: an image stored twice" >&2; failed=1; }
[ "$doubled" -eq 0 ] || { echo "FAIL: $doubled images with faces stored twice" >&2; failed=1; }
[ "$refs" -eq "$subjects" ] && [ "$subjects" -le "$folders" ] \
  || { echo "FAIL: $subjects subjects for $refs folder names" >&2; failed=1; }
[ "$entries" -eq "$media" ] || { echo "FAIL: $entries media.ingest entries for $media images" >&2; failed=1; }
[ "$crops" -eq "$faces" ] || { echo "FAIL: $crops crop files for $faces faces" >&2; failed=1; }
[ "$temporary" -eq 0 ] || { echo "FAIL: $temporary temporary files left" >&2; failed=1; }
grep -q "intact" <<< "$chain" || { echo "FAIL: audit chain" >&2; failed=1; }
[ "$failed" -eq 0 ] && echo "OK: nothing lost, nothing twice"
exit "$failed"
