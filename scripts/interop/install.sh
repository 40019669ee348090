#!/usr/bin/env bash
# Installs the independent verifiers the interop suite runs, pinned, into a cache directory
# (default ~/.cache/sign-release-tools), and reuses them when the right version is there.
set -euo pipefail
tools="${1:-${SIGN_RELEASE_TOOLS:-$HOME/.cache/sign-release-tools}}"
COSIGN_VERSION=v3.1.2
SIGSTORE_PYTHON_VERSION=4.5.1
mkdir -p "$tools/bin"

if ! "$tools/bin/cosign" version 2>/dev/null | grep -q "GitVersion:.*${COSIGN_VERSION#v}"; then
  echo "installing cosign $COSIGN_VERSION (go install; a few minutes the first time)"
  GOBIN="$tools/bin" go install "github.com/sigstore/cosign/v3/cmd/cosign@$COSIGN_VERSION"
fi
if [ "$("$tools/sigstore-python/bin/python" -m sigstore --version 2>/dev/null)" != "sigstore $SIGSTORE_PYTHON_VERSION" ]; then
  echo "installing sigstore-python $SIGSTORE_PYTHON_VERSION"
  python3 -m venv "$tools/sigstore-python"
  "$tools/sigstore-python/bin/pip" install --quiet "sigstore==$SIGSTORE_PYTHON_VERSION"
fi
echo "cosign: $("$tools/bin/cosign" version 2>/dev/null | grep GitVersion)"
echo "sigstore-python: $("$tools/sigstore-python/bin/python" -m sigstore --version)"
