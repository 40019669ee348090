#!/usr/bin/env bash
# Installs the independent verifiers the interop suite runs, pinned, into a cache directory
# (default ~/.cache/sign-release-tools), and reuses each one when the right version is there:
#   bin/cosign   cosign v3            go install
#   bin/cosign2  cosign v2            go install (renamed: both versions are checked)
#   bin/gh       the GitHub CLI       go mod download + go build (see below)
#   sigstore-python/                  pip install in a virtual environment
set -euo pipefail
tools="${1:-${SIGN_RELEASE_TOOLS:-$HOME/.cache/sign-release-tools}}"
COSIGN_VERSION=v3.1.2
COSIGN2_VERSION=v2.6.5
GH_VERSION=v2.98.0
SIGSTORE_PYTHON_VERSION=4.5.1
mkdir -p "$tools/bin"

has_version() { # BINARY PATTERN
  [ -x "$1" ] && "$1" version 2>/dev/null | grep -q "$2"
}

if ! has_version "$tools/bin/cosign" "GitVersion:.*${COSIGN_VERSION#v}\$"; then
  echo "installing cosign $COSIGN_VERSION (go install; a few minutes the first time)"
  GOBIN="$tools/bin" go install "github.com/sigstore/cosign/v3/cmd/cosign@$COSIGN_VERSION"
fi
if ! has_version "$tools/bin/cosign2" "GitVersion:.*${COSIGN2_VERSION#v}\$"; then
  echo "installing cosign $COSIGN2_VERSION as cosign2 (go install)"
  gobin="$(mktemp -d)"
  GOBIN="$gobin" go install "github.com/sigstore/cosign/v2/cmd/cosign@$COSIGN2_VERSION"
  mv "$gobin/cosign" "$tools/bin/cosign2"
  rm -rf "$gobin"
fi
if ! has_version "$tools/bin/gh" "^gh version ${GH_VERSION#v}\( \|$\)"; then
  echo "installing gh $GH_VERSION (go mod download + go build)"
  # `go install github.com/cli/cli/v2/cmd/gh@VERSION` also reads the module's version list to
  # look for a deprecation notice, and the proxy refuses that list for cli/cli here (403); the
  # same pinned module, downloaded and built from its own go.sum, is the same program.
  src="$(go mod download -json "github.com/cli/cli/v2@$GH_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  (cd "$src" && go build -trimpath -mod=mod \
    -ldflags "-X github.com/cli/cli/v2/internal/build.Version=${GH_VERSION#v}" \
    -o "$tools/bin/gh" ./cmd/gh)
fi
if [ "$("$tools/sigstore-python/bin/python" -m sigstore --version 2>/dev/null)" != "sigstore $SIGSTORE_PYTHON_VERSION" ]; then
  echo "installing sigstore-python $SIGSTORE_PYTHON_VERSION"
  python3 -m venv "$tools/sigstore-python"
  "$tools/sigstore-python/bin/pip" install --quiet "sigstore==$SIGSTORE_PYTHON_VERSION"
fi
echo "cosign v3: $("$tools/bin/cosign" version 2>/dev/null | grep GitVersion)"
echo "cosign v2: $("$tools/bin/cosign2" version 2>/dev/null | grep GitVersion)"
echo "gh: $("$tools/bin/gh" version | head -1)"
echo "sigstore-python: $("$tools/sigstore-python/bin/python" -m sigstore --version)"
