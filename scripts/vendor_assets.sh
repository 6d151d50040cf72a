#!/usr/bin/env bash
# Copies the front-end packages installed by npm into khooshe/static/vendor, so the app serves
# them itself (no CDN). Source maps are copied with the files that name them.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules
dst=khooshe/static/vendor
rm -rf "$dst"
mkdir -p "$dst"/{bootstrap,htmx,jalalidatepicker,vazirmatn,chartjs,tom-select}
cp "$src"/bootstrap/dist/css/bootstrap.rtl.min.css{,.map} "$dst"/bootstrap/
cp "$src"/bootstrap/dist/css/bootstrap.min.css{,.map} "$dst"/bootstrap/
cp "$src"/bootstrap/dist/js/bootstrap.bundle.min.js{,.map} "$dst"/bootstrap/
cp "$src"/htmx.org/dist/htmx.min.js "$dst"/htmx/
cp "$src"/@majidh1/jalalidatepicker/dist/jalalidatepicker.min.{js,css} "$dst"/jalalidatepicker/
cp "$src"/vazirmatn/fonts/webfonts/Vazirmatn\[wght\].woff2 "$dst"/vazirmatn/Vazirmatn-Variable.woff2
cp "$src"/vazirmatn/OFL.txt "$dst"/vazirmatn/
cp "$src"/chart.js/dist/chart.umd.min.js "$dst"/chartjs/
[ -f "$src"/chart.js/dist/chart.umd.min.js.map ] && cp "$src"/chart.js/dist/chart.umd.min.js.map "$dst"/chartjs/
cp "$src"/tom-select/dist/js/tom-select.complete.min.js{,.map} "$dst"/tom-select/
cp "$src"/tom-select/dist/css/tom-select.bootstrap5.min.css{,.map} "$dst"/tom-select/
cp "$src"/tom-select/LICENSE "$dst"/tom-select/ 2>/dev/null || true
echo "front-end assets copied to $dst"
