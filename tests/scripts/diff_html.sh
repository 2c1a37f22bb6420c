#!/usr/bin/env bash
# diff_html: `sqlc diff --format html -o report.html` writes one
# self-contained page (nothing to fetch) that a real browser renders with
# the right change count.  Headless Chromium loads the file, runs its
# script (which counts the change rows it rendered) and dumps the DOM; the
# count must equal the number of changes in the JSON form.  A screenshot
# is taken too, and must be a non-trivial PNG.
set -u
fail=0
browser=$(command -v chromium || command -v chromium-browser) ||
    { echo "chromium is not installed (make test installs it when it can: apt-get install chromium)"; exit 77; }
cp -r "$FIXTURES/schemas" . && cd schemas
"$SQLC" diff --from schema:shop_v1.sql --to schema:shop_v3.sql --format html -o report.html
[ $? = 1 ] || { echo "FAIL: diff with differences should exit 1"; fail=1; }
want=$("$SQLC" diff --from schema:shop_v1.sql --to schema:shop_v3.sql --format json | grep -c '"op": ')
[ "$want" -gt 5 ] || { echo "FAIL: the JSON form has $want changes"; fail=1; }
grep -Eiq '(src|href)=|url\(|@import|https?:' report.html && { echo "FAIL: the report refers to something outside itself:"; grep -Eio '.{30}((src|href)=|url\(|@import|https?:).{30}' report.html; fail=1; }
"$SQLC" diff --from schema:shop_v1.sql --to schema:shop_v1.sql --format html -o same.html ||
    { echo "FAIL: an empty diff should exit 0"; fail=1; }

run_browser() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$PWD/profile" "$@" 2>>browser.log; }
# rendered FILE N: the page's script counted N rendered changes.
rendered() {
    run_browser --dump-dom "file://$PWD/$1" >"$1.dom" || { echo "FAIL: chromium could not load $1:"; tail -5 browser.log; fail=1; return; }
    local what="$2 change"; [ "$2" = 1 ] || what="${what}s"
    grep -q "<span id=\"count\" data-rendered=\"$2\">$what</span>" "$1.dom" ||
        { echo "FAIL: $1 does not render '$what':"; grep -o '<p id="summary".*</p>' "$1.dom"; fail=1; }
}
rendered report.html "$want"
rendered same.html 0
grep -q 'No differences' same.html.dom || { echo "FAIL: the empty report does not say so"; fail=1; }
grep -q 'class="hz warning"' report.html.dom || { echo "FAIL: no hazard is highlighted"; fail=1; }
run_browser --window-size=1000,1400 --screenshot="$PWD/report.png" "file://$PWD/report.html" >/dev/null
if [ "$(head -c 8 report.png 2>/dev/null | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ] || [ "$(stat -c %s report.png)" -lt 10000 ]; then
    echo "FAIL: no screenshot of the report (report.png)"; fail=1
fi
exit $fail
