#!/usr/bin/env bash
# Builds leakwatch's release artifacts into dist/ (or $DIST):
#   leakwatch_<version>_<os>_<arch>.tar.gz   linux and darwin, amd64 and arm64: the static
#                                            binary (CGO off) with LICENSE and README.md
#   leakwatch_<version>_<os>_<arch>.cdx.json CycloneDX SBOM of the Go modules in that binary
#   SHA256SUMS                               sha256sum of every file above
#
#   scripts/release.sh             a release: HEAD must be tagged v$(cat VERSION), tree clean
#   scripts/release.sh --snapshot  any commit: version <VERSION>-snapshot.<short revision>
#
# Version, revision, branch and date are stamped into prometheus/common/version, which
# `leakwatch version` prints and leakwatch_build_info exports. The date is the commit's
# (SOURCE_DATE_EPOCH), so rebuilding a commit gives the same files. The script checks what it
# built: each binary's build settings, and where the host can run it, `leakwatch version` and
# the leakwatch_build_info metric of its demo daemon.
set -euo pipefail
cd "$(dirname "$0")/.."

snapshot=
case "${1:-}" in
  --snapshot) snapshot=1 ;;
  "") ;;
  *) echo "usage: scripts/release.sh [--snapshot]" >&2; exit 2 ;;
esac

base=$(tr -d ' \n' < VERSION)
if ! [[ $base =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "release: VERSION holds \"$base\", want X.Y.Z" >&2; exit 2
fi
revision=$(git rev-parse HEAD)
branch=$(git rev-parse --abbrev-ref HEAD)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct HEAD)}
build_date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d-%H:%M:%S)
if [ -n "$snapshot" ]; then
  version="$base-snapshot.$(git rev-parse --short=12 HEAD)"
else
  if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    echo "release: the work tree has uncommitted changes; commit them or use --snapshot" >&2; exit 2
  fi
  if [ "$(git tag --points-at HEAD | grep -Fx "v$base" || true)" != "v$base" ]; then
    echo "release: HEAD is not tagged v$base (VERSION); tag it or use --snapshot" >&2; exit 2
  fi
  version=$base
fi

dist=${DIST:-dist}
rm -rf "$dist"
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)
platforms=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64)
pkg=github.com/prometheus/common/version
ldflags="-s -w -X $pkg.Version=$version -X $pkg.Revision=$revision -X $pkg.Branch=$branch -X $pkg.BuildDate=$build_date"

start=$(date +%s)
# The SBOM generator, built once for the host.
go build -o "$dist/.sbom" ./scripts/sbom

# The four builds run side by side: each links alone, and the compile of packages they share
# (all but the runtime's and syscall's) is cached by the first that gets there.
pids=()
for p in "${platforms[@]}"; do
  os=${p%/*} arch=${p#*/}
  name="leakwatch_${version}_${os}_${arch}"
  mkdir -p "$dist/$name"
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=false -ldflags "$ldflags" \
    -o "$dist/$name/leakwatch" ./cmd/leakwatch > "$dist/$name.log" 2>&1 &
  pids+=($!)
done
failed=
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "release: build ${platforms[$i]} failed:" >&2
    os=${platforms[$i]%/*} arch=${platforms[$i]#*/}
    cat "$dist/leakwatch_${version}_${os}_${arch}.log" >&2
    failed=1
  fi
done
[ -z "$failed" ] || exit 1
built=$(date +%s)

# Check, describe and pack each binary; the four side by side (gzip is most of the time).
package() {
  local os=$1 arch=$2 name="leakwatch_${version}_$1_$2" info want
  rm -f "$dist/$name.log"
  # What the binary says about its own build.
  info=$(go version -m "$dist/$name/leakwatch")
  for want in "GOOS=$os" "GOARCH=$arch" "CGO_ENABLED=0" "-trimpath=true"; do
    if ! grep -qF -- "$want" <<<"$info"; then
      echo "release: $name/leakwatch was not built with $want" >&2; return 1
    fi
  done
  "$dist/.sbom" -version "$version" -o "$dist/$name.cdx.json" "$dist/$name/leakwatch"
  cp LICENSE README.md "$dist/$name/"
  # Reproducible archives: fixed order, owner and times; gzip without a name or time.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -C "$dist" -cf - "$name" | gzip -n > "$dist/$name.tar.gz"
}
pids=()
for p in "${platforms[@]}"; do
  package "${p%/*}" "${p#*/}" &
  pids+=($!)
done
for pid in "${pids[@]}"; do
  wait "$pid" || exit 1
done

# The host's own build must print what was stamped.
host="$(go env GOOS)/$(go env GOARCH)"
for p in "${platforms[@]}"; do
  [ "$p" = "$host" ] || continue
  os=${p%/*} arch=${p#*/}
  out=$("$dist/leakwatch_${version}_${os}_${arch}/leakwatch" version)
  first="leakwatch, version $version (branch: $branch, revision: $revision)"
  date_line=$(awk '$1 == "build" && $2 == "date:" {print $3}' <<<"$out")
  if [ "$(head -1 <<<"$out")" != "$first" ] || [ "$date_line" != "$build_date" ]; then
    echo "release: leakwatch version of $p does not print what was stamped ($first, build date $build_date):" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "release: $p leakwatch version: $(head -1 <<<"$out")"

  # And leakwatch_build_info, from the demo daemon on a free loopback port.
  demo=$(mktemp -d)
  (cd "$demo" && exec "$dist/leakwatch_${version}_${os}_${arch}/leakwatch" run --demo --listen 127.0.0.1:0 > "$demo/log" 2>&1) &
  demo_pid=$!
  addr=
  for _ in $(seq 60); do
    addr=$(sed -n 's/^leakwatch: listening on //p' "$demo/log")
    [ -z "$addr" ] || break
    kill -0 "$demo_pid" 2>/dev/null || break
    sleep 0.5
  done
  metrics=
  [ -z "$addr" ] || metrics=$(curl -fsS "http://$addr/metrics" || true)
  kill "$demo_pid" 2>/dev/null || true
  wait "$demo_pid" 2>/dev/null || true
  info_line=$(grep '^leakwatch_build_info{' <<<"$metrics" || true)
  if ! grep -qF "version=\"$version\"" <<<"$info_line" || ! grep -qF "revision=\"$revision\"" <<<"$info_line"; then
    echo "release: leakwatch_build_info of $p does not carry version $version and revision $revision:" >&2
    echo "${info_line:-(no leakwatch_build_info; demo log:)}" >&2
    [ -n "$info_line" ] || cat "$demo/log" >&2
    rm -rf "$demo"
    exit 1
  fi
  rm -rf "$demo"
  echo "release: $p $info_line"
done

(cd "$dist" && sha256sum -- *.tar.gz *.cdx.json > SHA256SUMS && sha256sum --quiet -c SHA256SUMS)
rm -f "$dist/.sbom"
end=$(date +%s)
echo "release: $version in $dist/ (builds $((built - start))s, total $((end - start))s):"
(cd "$dist" && ls -1 -- *.tar.gz *.cdx.json SHA256SUMS)
