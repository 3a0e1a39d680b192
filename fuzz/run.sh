#!/usr/bin/env bash
# Builds the fuzz targets on the stable toolchain and fuzzes each for SECONDS (default 30) on its
# corpus; fails on any crash, timeout or out-of-memory, and on any input of fuzz/regressions/
# that fails again. See fuzz/README.md.
#
#   fuzz/run.sh                 every target, 30 s each (CI runs `fuzz/run.sh 20`)
#   fuzz/run.sh 3600            the longer run: an hour per target
#   fuzz/run.sh 600 markup acl  some targets only
#
# Environment:
#   FUZZ_JOBS        targets fuzzed at once (default: the number of cores)
#   FUZZ_TARGET_DIR  cargo's target directory for the fuzz build (default: fuzz/target); CI keeps
#                    it outside the checkout so a later run reuses the compiled dependencies
#   FUZZ_SKIP        targets to leave out, separated by spaces
#   FUZZ_TIMEOUT     seconds one input may take before it counts as a hang (default 10; 60 for
#                    attachment and upload, which decode, turn and re-encode images of up to
#                    60 megapixels, slow in an instrumented build)
#   FUZZ_RSS_MB      memory one target may use before it counts as a failure (default 2048)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`) and a C++ compiler (libFuzzer is C++).
# No nightly toolchain: RUSTC_BOOTSTRAP=1 lets stable rustc take the `-Z` flags of libFuzzer's
# coverage instrumentation, and `-s none` leaves out the sanitizers (they need nightly's
# standard library); Rust's own checks (bounds, overflow, debug assertions) stay on.
set -euo pipefail

seconds="${1:-30}"
if [ $# -gt 0 ]; then shift; fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: fuzz/run.sh [SECONDS] [TARGET...]" >&2
  exit 2
fi

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
target_dir="${FUZZ_TARGET_DIR:-$fuzz_dir/target}"
jobs="${FUZZ_JOBS:-$(nproc)}"
timeout_of() {
  case "$1" in
    attachment | upload) echo "${FUZZ_TIMEOUT:-60}" ;;
    *) echo "${FUZZ_TIMEOUT:-10}" ;;
  esac
}
rss_mb="${FUZZ_RSS_MB:-2048}"
triple="$(rustc -vV | sed -n 's/^host: //p')"

if ! command -v cargo-fuzz > /dev/null; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2
  exit 2
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' "$fuzz_dir/Cargo.toml" | grep -vx coopwiki-fuzz)
fi
for skip in ${FUZZ_SKIP:-}; do
  for i in "${!targets[@]}"; do
    if [ "${targets[$i]}" = "$skip" ]; then unset 'targets[i]'; fi
  done
done
targets=("${targets[@]}")
if [ ${#targets[@]} -eq 0 ]; then
  echo "no fuzz target to run" >&2
  exit 2
fi

# One cargo invocation builds every target, sharing the dependencies. `--dev` with the fuzz
# workspace's dev profile (opt-level 1): a cold build in a few minutes on two cores.
echo "fuzz: building the fuzz targets"
build_start=$SECONDS
RUSTC_BOOTSTRAP=1 cargo fuzz build --fuzz-dir "$fuzz_dir" --dev --sanitizer none \
  --target "$triple" --target-dir "$target_dir"
echo "fuzz: built in $((SECONDS - build_start)) s"
bin_dir="$target_dir/$triple/debug"

# What runs find goes to the target directory, never into the corpus kept in the repository.
work="$target_dir/fuzz-runs"
mkdir -p "$work"

# Inputs that once failed must pass.
failed=()
for target in "${targets[@]}"; do
  rm -f "$work/$target.regressed"
  regressions="$fuzz_dir/regressions/$target"
  if compgen -G "$regressions/*" > /dev/null; then
    if ! "$bin_dir/$target" -timeout="$(timeout_of "$target")" -rss_limit_mb="$rss_mb" "$regressions"/* \
      > "$work/$target.regressions.log" 2>&1; then
      echo "fuzz: $target fails on an input of fuzz/regressions/$target:" >&2
      grep -E -A4 "panicked|ERROR|Running:" "$work/$target.regressions.log" | tail -n 30 >&2
      failed+=("$target (regressions)")
      touch "$work/$target.regressed"
    fi
  fi
done

run_one() {
  local target="$1"
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  rm -f "$work/artifacts/$target"/*
  # The first directory receives new inputs; the kept corpus and the regressions are read only.
  local dirs=("$work/corpus/$target" "$fuzz_dir/corpus/$target")
  if [ -d "$fuzz_dir/regressions/$target" ]; then dirs+=("$fuzz_dir/regressions/$target"); fi
  if "$bin_dir/$target" "${dirs[@]}" -max_total_time="$seconds" -timeout="$(timeout_of "$target")" \
    -rss_limit_mb="$rss_mb" -artifact_prefix="$work/artifacts/$target/" -print_final_stats=1 \
    > "$work/$target.log" 2>&1; then
    echo "fuzz: $target ok: $(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log") inputs in ${seconds} s"
  else
    echo "failed" > "$work/$target.failed"
    {
      echo "fuzz: $target FAILED; the input is in $work/artifacts/$target/:"
      ls "$work/artifacts/$target" || true
      grep -E -B2 -A12 "panicked|ERROR: libFuzzer" "$work/$target.log" | head -n 40 || tail -n 40 "$work/$target.log"
    } >&2
  fi
}

echo "fuzz: running ${#targets[@]} targets for ${seconds} s each, ${jobs} at a time"
for target in "${targets[@]}"; do
  rm -f "$work/$target.failed"
  if [ -f "$work/$target.regressed" ]; then
    echo "fuzz: $target not fuzzed: it fails on fuzz/regressions/$target"
    continue
  fi
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || true
  done
  run_one "$target" &
done
wait
for target in "${targets[@]}"; do
  if [ -f "$work/$target.failed" ]; then failed+=("$target"); fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} failed: ${failed[*]}" >&2
  echo "fuzz: keep the failing input in fuzz/regressions/<target>/, fix the code, add a test" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds} s each without a failure"
