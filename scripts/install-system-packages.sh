#!/usr/bin/env bash
# Debian packages the platform needs, installed only when missing:
#   chromium      real browser for the Playwright tests (never a downloaded browser)
#   gettext       msgfmt, to compile the translations (es, tzh, tzo)
#   poppler-utils pdftotext/pdftoppm, to read the PDF norms and check rendered PDFs
#   libpango*     text layout for WeasyPrint (PDF rendering)
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg -s "$lib" >/dev/null 2>&1 || need+=("$lib")
done

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "==> Instalando paquetes de Debian: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Se requiere root o sudo para instalar: ${need[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
