#!/usr/bin/env bash
# Cost of a simple validation rule per record, warm: the real rule engine vs the same rule in Java.
#   bench/rules.sh [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
./atrium build >/dev/null
JAVA_BIN="$(dirname "$(readlink -f "$(command -v java)")")"
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do [ -x "$home/bin/java" ] && "$home/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' && JAVA_BIN="$home/bin" && break; done
"$JAVA_BIN/java" --enable-native-access=ALL-UNNAMED -Dpolyglot.engine.WarnInterpreterOnly=false -cp platform-core/target/atrium.jar dev.atrium.rules.RuleBenchmark "${1:-50000}"
