#!/usr/bin/env bash
# Authenticode-signs Windows executables in place with osslsigncode.
#   scripts/windows-sign.sh FILE.exe...          sign (SHA-256)
#   scripts/windows-sign.sh --verify FILE.exe... check the signature
#   scripts/windows-sign.sh --throwaway DIR      make a self-signed test
#       certificate in DIR (cert.pfx, cert.crt) and print the variables to
#       export (CI and `make test`; never for a release)
#
# The certificate comes from the environment:
#   SIGN_PFX       path to a PKCS#12 file (certificate + private key), or
#   SIGN_PFX_BASE64  the same file base64-encoded (a CI secret)
#   SIGN_PASSWORD  its password
#   SIGN_CA        optional: a CA file for --verify (a self-signed cert)
#   SIGN_TIMESTAMP_URL  optional: RFC 3161 time-stamping server (needs network)
set -euo pipefail

die() { echo "windows-sign: $*" >&2; exit 1; }
command -v osslsigncode >/dev/null || die "osslsigncode is required (apt-get install osslsigncode)"

pfx() {
  if [ -n "${SIGN_PFX:-}" ]; then
    [ -f "$SIGN_PFX" ] || die "SIGN_PFX=$SIGN_PFX is not a file"
    echo "$SIGN_PFX"
  elif [ -n "${SIGN_PFX_BASE64:-}" ]; then
    local f
    f=$(mktemp --suffix=.pfx)
    printf '%s' "$SIGN_PFX_BASE64" | base64 -d >"$f"
    echo "$f"
  else
    die "no certificate: set SIGN_PFX (or SIGN_PFX_BASE64) and SIGN_PASSWORD"
  fi
}

case "${1:-}" in
--throwaway)
  dir=${2:?usage: windows-sign.sh --throwaway DIR}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  openssl req -x509 -newkey rsa:3072 -sha256 -days 30 -nodes \
    -subj "/CN=Support Portal test signing (throwaway)/O=Support Portal" \
    -addext "extendedKeyUsage=codeSigning" -addext "keyUsage=digitalSignature" \
    -keyout "$dir/cert.key" -out "$dir/cert.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$dir/cert.key" -in "$dir/cert.crt" \
    -passout pass:throwaway -out "$dir/cert.pfx"
  echo "SIGN_PFX=$dir/cert.pfx SIGN_PASSWORD=throwaway SIGN_CA=$dir/cert.crt"
  ;;
--verify)
  shift
  for f in "$@"; do
    args=(verify -in "$f")
    [ -n "${SIGN_CA:-}" ] && args+=(-CAfile "$SIGN_CA")
    out=$(osslsigncode "${args[@]}" 2>&1) || { echo "$out" >&2; die "$f: signature does not verify"; }
    grep -q "Signature verification: ok" <<<"$out" || { echo "$out" >&2; die "$f: signature does not verify"; }
    echo "windows-sign: $f: signature ok"
  done
  ;;
"" | -*)
  die "usage: windows-sign.sh FILE.exe... | --verify FILE.exe... | --throwaway DIR"
  ;;
*)
  key=$(pfx)
  for f in "$@"; do
    args=(sign -pkcs12 "$key" -pass "${SIGN_PASSWORD:-}" -h sha256 -n "Support Portal")
    [ -n "${SIGN_TIMESTAMP_URL:-}" ] && args+=(-ts "$SIGN_TIMESTAMP_URL")
    osslsigncode "${args[@]}" -in "$f" -out "$f.signed" >/dev/null
    mv -f "$f.signed" "$f"
    echo "windows-sign: signed $f"
  done
  ;;
esac
