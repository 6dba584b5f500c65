# Sourced by the bench-*.sh scripts: what every benchmark run needs before it starts.
#   bench_prepare NODE_SCRIPT   -> checks the build, sets OMP_WAIT_POLICY, fills node_args
# Run from the repository root.
bench_prepare() {
  if [ ! -d facenet-cli/target/lib ]; then
    echo "build first: mvn -q package -DskipTests" >&2
    exit 2
  fi
  # PyTorch's OpenMP threads sleep instead of spinning while they wait (spinning is ruinous on a shared machine).
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  # face-api in Node is timed in the same run when reference/node has been installed (npm install there).
  node_args=()
  if [ -d reference/node/node_modules ] && command -v node >/dev/null 2>&1; then
    node_args=(--node-script "$1")
  fi
}
