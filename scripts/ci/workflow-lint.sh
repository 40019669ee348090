#!/usr/bin/env bash
# Lints the workflows and actions with actionlint and zizmor (offline), installing pinned versions
# into a cache directory on first use. Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/../.."

ACTIONLINT_VERSION=v1.7.12
ZIZMOR_VERSION=1.32.0
tools="${SIGN_RELEASE_TOOLS:-$HOME/.cache/sign-release-tools}"
mkdir -p "$tools/bin"

if [ "$("$tools/bin/actionlint" -version 2>/dev/null | head -1)" != "$ACTIONLINT_VERSION" ]; then
  echo "installing actionlint $ACTIONLINT_VERSION"
  GOBIN="$tools/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
if [ "$("$tools/zizmor/bin/zizmor" --version 2>/dev/null)" != "zizmor $ZIZMOR_VERSION" ]; then
  echo "installing zizmor $ZIZMOR_VERSION"
  python3 -m venv "$tools/zizmor"
  "$tools/zizmor/bin/pip" install --quiet "zizmor==$ZIZMOR_VERSION"
fi

echo "actionlint $("$tools/bin/actionlint" -version | head -1): .github/workflows, docs/examples"
"$tools/bin/actionlint" .github/workflows/*.yml docs/examples/*.yml
echo "$("$tools/zizmor/bin/zizmor" --version): workflows and actions"
"$tools/zizmor/bin/zizmor" --offline --min-severity low .github/workflows action.yml verify/action.yml
echo "workflow lint: no findings"
