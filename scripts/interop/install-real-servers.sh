#!/usr/bin/env bash
# Installs the real Sigstore servers the interop suite's real tier runs (npm run test:interop:real),
# pinned, into the same cache as scripts/interop/install.sh (default ~/.cache/sign-release-tools),
# and reuses each one when its version is already there:
#   bin/timestamp-server  sigstore/timestamp-authority  go install
#   bin/fulcio            sigstore/fulcio               go install
#   bin/tesseract-posix   transparency-dev/tesseract    go install (posix storage; renamed)
#   bin/rekor-tiles-posix sigstore/rekor-tiles          go build from a copy of the module (below)
# Their go.mod files name Go 1.27, newer than the machine's, so the go command fetches that
# toolchain from the module proxy. Builds run one at a time, at low priority: each is a large Go
# program and the machine has two cores.
set -euo pipefail
tools="${1:-${SIGN_RELEASE_TOOLS:-$HOME/.cache/sign-release-tools}}"
export GOTOOLCHAIN=go1.27.4
TSA_VERSION=v2.2.1
FULCIO_VERSION=v1.8.8
TESSERACT_VERSION=v0.1.1
REKOR_TILES_VERSION=v2.4.2
# rekor-tiles v2.4.2 requires these two at newer versions (fulcio v1.9.1, goa v3.34.0) that the
# module proxy here refuses; it builds and serves with these.
REKOR_TILES_FULCIO=v1.8.8
REKOR_TILES_GOA=v3.27.0
mkdir -p "$tools/bin"

# Each binary has a stamp beside it naming what it was built from; a match means reuse.
stamp_of() { echo "$1@$2 $GOTOOLCHAIN${3:+ $3}"; }
current() { # NAME STAMP
  [ -x "$tools/bin/$1" ] && [ "$(cat "$tools/bin/$1.version" 2>/dev/null)" = "$2" ]
}

# go_install NAME PACKAGE VERSION: go install into a scratch GOBIN, then rename (two of these
# packages are both called `posix`).
go_install() {
  local name=$1 package=$2 version=$3 stamp gobin t0=$SECONDS
  stamp="$(stamp_of "$package" "$version")"
  if current "$name" "$stamp"; then
    echo "$name: $package@$version (cached)"
    return
  fi
  echo "$name: building $package@$version"
  gobin="$(mktemp -d)"
  GOBIN="$gobin" nice -n 10 go install -trimpath "$package@$version"
  mv "$gobin/$(basename "$package")" "$tools/bin/$name"
  rm -rf "$gobin"
  echo "$stamp" >"$tools/bin/$name.version"
  echo "$name: built in $((SECONDS - t0)) s"
}

# rekor-tiles: `go install` cannot change a module's requirements, so copy the module out of the
# module cache, pin the two refused dependencies with `replace`, and build the copy.
rekor_tiles() {
  local name=rekor-tiles-posix module=github.com/sigstore/rekor-tiles/v2 stamp src work t0=$SECONDS
  stamp="$(stamp_of "$module/cmd/rekor-server/posix" "$REKOR_TILES_VERSION" \
    "fulcio=$REKOR_TILES_FULCIO goa=$REKOR_TILES_GOA")"
  if current "$name" "$stamp"; then
    echo "$name: $module@$REKOR_TILES_VERSION (cached)"
    return
  fi
  echo "$name: building $module@$REKOR_TILES_VERSION (fulcio $REKOR_TILES_FULCIO, goa $REKOR_TILES_GOA)"
  src="$(go mod download -json "$module@$REKOR_TILES_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  work="$(mktemp -d)"
  cp -r "$src/." "$work"
  chmod -R u+w "$work"
  (
    cd "$work"
    go mod edit \
      -replace "github.com/sigstore/fulcio=github.com/sigstore/fulcio@$REKOR_TILES_FULCIO" \
      -replace "goa.design/goa/v3=goa.design/goa/v3@$REKOR_TILES_GOA"
    nice -n 10 go build -trimpath -mod=mod -o "$tools/bin/$name" ./cmd/rekor-server/posix
  )
  rm -rf "$work"
  echo "$stamp" >"$tools/bin/$name.version"
  echo "$name: built in $((SECONDS - t0)) s"
}

go_install timestamp-server github.com/sigstore/timestamp-authority/v2/cmd/timestamp-server "$TSA_VERSION"
go_install fulcio github.com/sigstore/fulcio "$FULCIO_VERSION"
go_install tesseract-posix github.com/transparency-dev/tesseract/cmd/tesseract/posix "$TESSERACT_VERSION"
rekor_tiles
