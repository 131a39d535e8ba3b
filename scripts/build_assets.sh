#!/usr/bin/env bash
# Build Paramount's front-end assets from npm, reproducibly and without a CDN.
#
#   scripts/build_assets.sh
#
# Installs exactly what package-lock.json pins (npm ci, only when node_modules is missing or
# older than the lock file), then copies the precompiled CSS, JavaScript, fonts and images of
# GOV.UK Frontend and MoJ Frontend into paramount/web/static/vendor/ (git-ignored):
#
#   vendor/govuk/govuk-frontend.min.css   vendor/govuk/assets/{fonts,images}/...
#   vendor/govuk/govuk-frontend.min.js    (ES module, exports initAll)
#   vendor/moj/moj-frontend.min.css       vendor/moj/assets/images/...
#   vendor/moj/moj-frontend.min.js        (ES module, exports initAll)
#
# The precompiled stylesheets refer to their fonts and images as url(/assets/...), an absolute
# path the site does not serve. The copies say url(assets/...) instead, which resolves next to
# each stylesheet whatever STATIC_URL is.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v npm >/dev/null 2>&1; then
    echo "build_assets: npm is not installed; install Node.js 18 or later (apt-get install nodejs npm)" >&2
    exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund
    touch node_modules
fi

govuk="node_modules/govuk-frontend/dist/govuk"
moj="node_modules/@ministryofjustice/frontend/moj"
vendor="paramount/web/static/vendor"

for required in "$govuk/govuk-frontend.min.css" "$govuk/govuk-frontend.min.js" \
    "$moj/moj-frontend.min.css" "$moj/moj-frontend.min.js"; do
    if [ ! -f "$required" ]; then
        echo "build_assets: $required is missing; delete node_modules and run this script again" >&2
        exit 1
    fi
done

rm -rf "$vendor"
mkdir -p "$vendor/govuk" "$vendor/moj"

copy_package() {
    local source="$1" target="$2" name="$3"
    cp "$source/$name.min.js" "$source/$name.min.js.map" "$target/"
    cp -R "$source/assets" "$target/assets"
    # The source map would no longer line up with the rewritten stylesheet: drop its comment.
    sed -e 's#url(/assets/#url(assets/#g' -e '/sourceMappingURL=/d' \
        "$source/$name.min.css" >"$target/$name.min.css"
    if grep -q 'url(/' "$target/$name.min.css"; then
        echo "build_assets: $target/$name.min.css still has absolute url() references" >&2
        exit 1
    fi
}

copy_package "$govuk" "$vendor/govuk" govuk-frontend
copy_package "$moj" "$vendor/moj" moj-frontend

govuk_version="$(node -p 'require("./node_modules/govuk-frontend/package.json").version')"
moj_version="$(node -p 'require("./node_modules/@ministryofjustice/frontend/package.json").version')"
printf 'govuk-frontend %s\n@ministryofjustice/frontend %s\n' "$govuk_version" "$moj_version" >"$vendor/VERSIONS"
echo "build_assets: copied govuk-frontend $govuk_version and @ministryofjustice/frontend $moj_version into $vendor"
