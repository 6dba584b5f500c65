#!/usr/bin/env bash
# Runs the generated bad-input corpus (BadInputCorpusTest) through every CLI command and service route,
# and rewrites docs/BAD-INPUT.md with what each row gave. About 15 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 OMP_WAIT_POLICY=PASSIVE   # the corpus has Unicode file names
mvn -o -B -q package -DskipTests
mvn -o -B test -pl facenet-cli -am -Dtest=BadInputCorpusTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfacenet.corpus=true "$@"
