#!/bin/sh
# Put the gradviz in this folder into the desktop's application menu, for this user only:
#   ~/.local/share/applications/gradviz.desktop   the menu entry (Exec = this folder's gradviz)
#   ~/.local/share/icons/hicolor/*/apps/gradviz.* its icon, every size
#   ~/.local/bin/gradviz                          a link, so `gradviz` works in a terminal
# Run it again after moving the folder. `./install-desktop-entry.sh --remove` takes it all out.
# XDG_DATA_HOME is honoured; nothing outside the home folder is touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
icons=$data/icons/hicolor
sizes="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$data/applications/gradviz.desktop" "$icons/scalable/apps/gradviz.svg"
    for size in $sizes; do rm -f "$icons/${size}x$size/apps/gradviz.png"; done
    if [ -L "$bin/gradviz" ]; then rm -f "$bin/gradviz"; fi
    echo "gradviz: removed the menu entry, the icons and $bin/gradviz"
    exit 0
fi

resources=$here/_internal/resources
if [ ! -x "$here/gradviz" ] || [ ! -f "$resources/gradviz.desktop" ]; then
    echo "gradviz: run this script from the gradviz folder built by packaging/ (dist/gradviz)" >&2
    exit 1
fi
mkdir -p "$data/applications" "$icons/scalable/apps" "$bin"
for size in $sizes; do
    mkdir -p "$icons/${size}x$size/apps"
    cp "$resources/icons/gradviz-$size.png" "$icons/${size}x$size/apps/gradviz.png"
done
cp "$resources/icons/gradviz.svg" "$icons/scalable/apps/gradviz.svg"
# The absolute path, so the menu entry works whether or not ~/.local/bin is on PATH.
sed "s|^Exec=gradviz|Exec=\"$here/gradviz\"|" "$resources/gradviz.desktop" \
    > "$data/applications/gradviz.desktop"
ln -sf "$here/gradviz" "$bin/gradviz"
# Refresh the caches where the tools exist; menus pick the entry up without them too.
command -v update-desktop-database >/dev/null 2>&1 && \
    update-desktop-database "$data/applications" >/dev/null 2>&1 || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && \
    gtk-update-icon-cache -q -t "$icons" >/dev/null 2>&1 || true
echo "gradviz: added to the application menu; \`gradviz\` is in $bin"
