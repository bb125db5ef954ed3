#!/usr/bin/env bash
# Fetch the GraphiQL page's assets from the npm registry into cityhub/static/vendor/graphiql/
# and record each file's package, version and sha384 in manifest.json there (the page's
# Subresource Integrity hashes; a test checks them against the files).
#   scripts/vendor_graphiql.sh    re-fetch the pinned versions below
# The versions are the ones strawberry's own GraphiQL page loads from unpkg
# (strawberry/static/graphiql.html); change them here and run the script to move.
set -euo pipefail
cd "$(dirname "$0")/.."

REACT=18.2.0
GRAPHIQL=3.8.3
EXPLORER=1.0.2
DEST=cityhub/static/vendor/graphiql

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# FILE PACKAGE VERSION PATH-IN-PACKAGE
FILES=(
  "react.production.min.js react $REACT umd/react.production.min.js"
  "react-dom.production.min.js react-dom $REACT umd/react-dom.production.min.js"
  "graphiql.min.js graphiql $GRAPHIQL graphiql.min.js"
  "graphiql.min.css graphiql $GRAPHIQL graphiql.min.css"
  "plugin-explorer.umd.js @graphiql/plugin-explorer $EXPLORER dist/index.umd.js"
  "plugin-explorer.css @graphiql/plugin-explorer $EXPLORER dist/style.css"
)

unpack() {  # unpack PACKAGE VERSION -> prints the unpacked folder
  local folder="$work/$(echo "$1" | tr '@/' '__')"
  if [[ ! -d $folder ]]; then
    mkdir -p "$folder"
    local tarball
    tarball=$(npm pack --silent --pack-destination "$work" "$1@$2" | tail -1)
    tar -xzf "$work/$tarball" -C "$folder" --strip-components=1
  fi
  echo "$folder"
}

rm -rf "$DEST"
mkdir -p "$DEST"
entries=()
for line in "${FILES[@]}"; do
  read -r file package version path <<<"$line"
  folder=$(unpack "$package" "$version")
  # The exact bytes the registry serves (the same as unpkg's, so the hashes match
  # strawberry's page); the source maps they name are not vendored.
  cp "$folder/$path" "$DEST/$file"
  integrity="sha384-$(openssl dgst -sha384 -binary "$DEST/$file" | openssl base64 -A)"
  license=$(node -p "require('$folder/package.json').license")
  entries+=("    \"$file\": {\"package\": \"$package\", \"version\": \"$version\", \"path\": \"$path\", \"license\": \"$license\", \"integrity\": \"$integrity\"}")
  [[ -f $folder/LICENSE ]] && cp "$folder/LICENSE" "$DEST/LICENSE.$(echo "$package" | tr '@/' '__' | sed 's/^_//')"
done

{
  echo "{"
  echo "  \"source\": \"npm registry, fetched by scripts/vendor_graphiql.sh\","
  echo "  \"files\": {"
  (IFS=$'\n'; echo "${entries[*]}" | sed '$!s/$/,/')
  echo "  }"
  echo "}"
} >"$DEST/manifest.json"
echo "vendored into $DEST:"
cat "$DEST/manifest.json"
