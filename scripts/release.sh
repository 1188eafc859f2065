#!/usr/bin/env bash
# Builds a Grove release into one folder, ready to upload to BASE_URL:
#   grove.<version>.nupkg                 the .NET tool (dotnet tool install -g grove --add-source <folder>)
#   grove-<version>-<rid>[.exe]           the self-contained single-file executable alone (it still needs the
#                                         native SQLite library and wwwroot that the archive holds beside it)
#   grove-<version>-<rid>.tar.gz / .zip   the whole build (grove and the UI's wwwroot beside it): what a user
#                                         downloads and unpacks, and what `grove update` installs
#   SHA512SUMS                            sha512sum -c format, for every file above
#   manifest.json                         the update manifest: version, notes, date, per platform
#                                         {url, sha512, archive: {url, sha512}}, and "tool" for the nupkg
# Usage: scripts/release.sh BASE_URL [OUT_DIR] [NOTES]
#   BASE_URL  where the folder's files will be served (the manifest's URLs start with it)
#   OUT_DIR   default artifacts/release
#   NOTES     release notes text or a URL to them (default empty)
# GROVE_RIDS overrides the platforms (default: linux-x64 linux-arm64 osx-arm64 osx-x64 win-x64).
# GROVE_RELEASE_NO_BUILD=1 packs the tool from an existing Release build (CI builds the solution first).
# The version comes from git tags (MinVer, prefix v): tag vX.Y.Z first for a release.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

base="${1:?usage: scripts/release.sh BASE_URL [OUT_DIR] [NOTES]}"
base="${base%/}"
out="${2:-artifacts/release}"
notes="${3:-}"
rids="${GROVE_RIDS:-linux-x64 linux-arm64 osx-arm64 osx-x64 win-x64}"

rm -rf "$out"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "release: packing the .NET tool"
pack_build=()
[[ "${GROVE_RELEASE_NO_BUILD:-}" == 1 ]] && pack_build=(--no-build)
dotnet pack src/Grove.Cli -c Release "${pack_build[@]}" -o "$work/pack" -nologo -v q
nupkg="$(ls "$work"/pack/grove.*.nupkg)"
version="$(basename "$nupkg" .nupkg)"
version="${version#grove.}"
cp "$nupkg" "$out/"
echo "release: version $version"

for rid in $rids; do
  echo "release: publishing $rid"
  # Settings chosen by the cold-start benchmark (bench/Grove.Bench startup); see the README.
  dotnet publish src/Grove.Cli -c Release -r "$rid" --self-contained -nologo -v q \
    -p:PublishSingleFile=true -p:DebugType=none -o "$work/$rid"
  exe=grove
  [[ "$rid" == win-* ]] && exe=grove.exe
  name="grove-$version-$rid"
  if [[ "$rid" == win-* ]]; then
    cp "$work/$rid/$exe" "$out/$name.exe"
    (cd "$work/$rid" && python3 -c 'import os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
for root, _, files in os.walk("."):
    for f in files:
        z.write(os.path.join(root, f))
z.close()' "$out/$name.zip")
  else
    cp "$work/$rid/$exe" "$out/$name"
    chmod +x "$out/$name"
    tar -C "$work/$rid" -czf "$out/$name.tar.gz" .
  fi
done

(cd "$out" && sha512sum -- * > SHA512SUMS)

python3 - "$out" "$base" "$version" "$notes" $rids <<'PY'
import datetime, hashlib, json, os, sys
out, base, version, notes, rids = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
def entry(name):
    with open(os.path.join(out, name), "rb") as f:
        return {"url": f"{base}/{name}", "sha512": hashlib.sha512(f.read()).hexdigest()}
def platform(rid):
    win = rid.startswith("win-")
    single = entry(f"grove-{version}-{rid}" + (".exe" if win else ""))
    single["archive"] = entry(f"grove-{version}-{rid}" + (".zip" if win else ".tar.gz"))
    return single
platforms = {rid: platform(rid) for rid in rids}
platforms["tool"] = entry(f"grove.{version}.nupkg")
manifest = {
    "version": version,
    "notes": notes or None,
    "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
    "platforms": platforms,
}
with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
PY
echo "release: $out (manifest.json, SHA512SUMS); set updates.url to $base/manifest.json"
