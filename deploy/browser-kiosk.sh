#!/bin/sh
# Chromium in kiosk mode showing the served exhibit (exhibit-browser.service
# runs this inside cage). Usage: browser-kiosk.sh [URL]
#
# It waits for the exhibit's server first, so the screen never shows
# "This site can't be reached" while both start at boot.
url="${1:-http://127.0.0.1:8000/}"
until python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null; do
    sleep 1
done
# A fresh profile each start: no "restore pages?" bubble after a crash, no
# history, nothing one visitor leaves for the next.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# --kiosk --app=URL: full screen, no address bar, tabs or menus; and an app
#   window reserves no keys (Chromium's IsReservedCommandOrKey), so even
#   Ctrl+W, Ctrl+T and Ctrl+N reach the exhibit instead of the browser.
# --overscroll-history-navigation=0, --disable-pinch: a swipe does not go
#   back and a pinch does not zoom on a touch screen.
# --noerrdialogs, --disable-session-crashed-bubble, --disable-infobars:
#   nothing to dismiss after a crash or an update.
# --check-for-update-interval, --disable-component-update,
#   --disable-background-networking: no network but the exhibit.
chromium \
    --kiosk \
    --user-data-dir="$profile" \
    --no-first-run \
    --noerrdialogs \
    --disable-infobars \
    --disable-session-crashed-bubble \
    --disable-translate \
    --disable-features=Translate,TouchpadOverscrollHistoryNavigation \
    --overscroll-history-navigation=0 \
    --disable-pinch \
    --disable-background-networking \
    --disable-component-update \
    --check-for-update-interval=31536000 \
    --password-store=basic \
    --app="$url"
