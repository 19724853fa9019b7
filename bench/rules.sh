#!/usr/bin/env bash
# Cost of a simple validation rule per record, warm: the real rule engine vs the same rule in Java, with
# rules interpreted (the default) and compiled by the Graal JIT (ATRIUM_JIT=graal).
#   bench/rules.sh [iterations, default 500,000: the JIT compiles a rule after some thousands of calls]
set -euo pipefail
cd "$(dirname "$0")/.."
./atrium build >/dev/null
JAVA_BIN="$(dirname "$(readlink -f "$(command -v java)")")"
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do [ -x "$home/bin/java" ] && "$home/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' && JAVA_BIN="$home/bin" && break; done
N=${1:-500000}
echo "Interpreted (the default):"
"$JAVA_BIN/java" --enable-native-access=ALL-UNNAMED -Dpolyglot.engine.WarnInterpreterOnly=false \
  -cp platform-core/target/atrium.jar dev.atrium.rules.RuleBenchmark "$N"
# the same with rules compiled by the Graal compiler: what ATRIUM_JIT=graal gives ./atrium
JARS=$(ls platform-core/target/graal-jit/*.jar 2>/dev/null | paste -sd: -)
[ -n "$JARS" ] || { echo "bench: platform-core/target/graal-jit is missing (mvn -B -DskipTests package)" >&2; exit 1; }
echo "Compiled by the Graal JIT (ATRIUM_JIT=graal):"
"$JAVA_BIN/java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -XX:-UseJVMCICompiler --upgrade-module-path="$JARS" \
  --enable-native-access=ALL-UNNAMED -cp platform-core/target/atrium.jar dev.atrium.rules.RuleBenchmark "$N" 2>&1 \
  | grep -v '^WARNING'
