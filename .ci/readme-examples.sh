#!/usr/bin/env bash
# Runs the README's commands as written, on a fresh data directory, with small real inputs made
# from the vision module's fixture photos: the bootstrap of keys and a collection, ingest,
# listing, search, index upkeep, erasure, the transparency report, the audit and its signed
# receipts, and the service (health, a receipt over HTTP). Options shown in [brackets] in the
# README are used where they need no other input. Exits non-zero at the first command that
# fails. Evaluation runs over ../shared data and benchmarks are left to their own tests.
#
#   bash .ci/readme-examples.sh          (from the project root, after a build or not)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/candor-readme.XXXXXX)
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
ln -s "$root/candor" candor
ln -s "$root/candor-vision" candor-vision
ln -s "$root/models" models
fixtures="$root/candor-vision/src/test/resources/fixtures"
mkdir -p photos/alice photos/bob
cp "$fixtures/sample1.jpg" photos/alice/a.jpg
cp "$fixtures/sample2.jpg" photos/bob/b.jpg
cp "$fixtures/sample1.jpg" probe.jpg
cp "$fixtures/sample1.jpg" a.jpg
cp "$fixtures/sample2.jpg" b.jpg
step() { printf '\n== %s\n' "$*"; }

step "On a fresh machine"
./candor detect candor-vision/src/test/resources/fixtures/sample1.jpg

step "Detect and compare"
./candor detect probe.jpg photos/*/*.jpg --draw out/ --json --min-face 24 > /dev/null
ls out/*.png > /dev/null
./candor compare a.jpg b.jpg --threshold 0.42 --json

step "Build a gallery, search it, erase from it"
./candor keys create --role admin --name ops > ops.key
./candor collections create staff --purpose "staff access control" --lawful-basis consent \
    --basis-ref "HR consent form 2026" --retention P2Y --keep-originals --key-file ops.key
./candor keys create --role enroller --collections staff --name alice > alice.key
./candor keys create --role investigator --collections staff --name bob > bob.key
./candor ingest photos/ --collection staff --subject-from-folder \
    --lawful-basis consent --basis-ref "HR consent form 2026" --retain-until "$(date -d '+1 year' +%F)" \
    --json --key-file alice.key
./candor subjects --collection staff --key-file alice.key
./candor collections --key-file bob.key
./candor search probe.jpg --collection staff --purpose identity-verification --case HR-2026-17 \
    -k 10 --by subject --json --key-file bob.key > search.json
./candor search probe.jpg --collection staff --purpose identity-verification --case HR-2026-17 \
    --by face --key-file bob.key
./candor index optimize --key-file ops.key
./candor transparency --key-file bob.key
./candor gallery migrate --status --key-file ops.key
subject=$(./candor subjects --collection staff --json --key-file alice.key \
    | sed -n 's/.*"id" : "\([0-9a-f-]\{36\}\)".*/\1/p' | head -1)
./candor erase --subject "$subject" --json --key-file alice.key
media=$(sha256sum photos/bob/b.jpg | cut -d' ' -f1)
./candor erase --media "$media" --collection staff --json --key-file alice.key
if ./candor search probe.jpg --collection staff --purpose curiosity --case X --key-file bob.key; then
  echo "a purpose off the closed list was accepted" >&2; exit 1
fi
if CANDOR_API_KEY= ./candor subjects --collection staff; then
  echo "a gallery command ran without a key" >&2; exit 1
fi

step "Audit receipts for oversight bodies"
mkdir -p candor-keys
./candor audit keygen --out candor-keys/audit.key
./candor audit checkpoint --signing-key candor-keys/audit.key --out receipt-may.json
./candor audit verify

step "Run the service"
./candor serve --port 0 --signing-key candor-keys/audit.key --checkpoint-every 1h > serve.log 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  grep -q "Candor is serving" serve.log && break
  kill -0 "$server_pid" 2>/dev/null || { cat serve.log; exit 1; }
  sleep 1
done
url=$(sed -n 's/.* on \(http:\/\/[^ ]*\) .*/\1/p' serve.log | head -1)
[[ -n "$url" ]] || { cat serve.log; exit 1; }
curl -fsS "${url}healthz"
KEY=$(./candor keys create --role auditor --collections '*' --name olga)
curl -fsS -H "Authorization: Bearer $KEY" "${url}v1/audit/checkpoint" > receipt-june.json
kill "$server_pid"; wait "$server_pid" || true; server_pid=
./candor audit verify --receipt receipt-may.json receipt-june.json --trust-key candor-keys/audit.key.pub

step "Model packs"
./candor models list

printf '\nREADME examples: all commands passed\n'
