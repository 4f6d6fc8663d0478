#!/usr/bin/env bash
# Builds the published modules a second time, in a copy of their main sources under target/, and
# compares every published jar (classes, sources, javadoc) byte for byte with the reactor's own.
# Run by this module in `mvn verify`, after the published modules; alone: bash build/reproducibility/check.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
copy="$here/target/rebuild"
modules=(testkit core servlet-filter jaxrs-adapter microprofile opentelemetry jcache)
present=()
for m in "${modules[@]}"; do
    [[ -f "$root/$m/pom.xml" ]] && present+=("$m")
done

rm -rf "$copy" && mkdir -p "$copy"
cp -r "$root/.mvn" "$copy/"
# The parent as it is, listing only the published modules (the jars do not contain the parent).
awk -v list="${present[*]}" '
    /<modules>/ { print; n = split(list, m, " "); for (i = 1; i <= n; i++) print "    <module>" m[i] "</module>"; skip = 1; next }
    /<\/modules>/ { skip = 0 }
    !skip' "$root/pom.xml" > "$copy/pom.xml"
for m in "${present[@]}"; do
    mkdir -p "$copy/$m/src"
    cp "$root/$m/pom.xml" "$copy/$m/"
    cp -r "$root/$m/src/main" "$copy/$m/src/"
done

# Offline: the reactor build before this one resolved everything. No tests, formatter or SBOM.
start=$(date +%s)
mvn -o -q -f "$copy/pom.xml" package -DskipTests -Dspotless.check.skip=true -Dcyclonedx.skip=true \
    "-Derrorprone.checks=-Xplugin:ErrorProne -XepDisableAllChecks" > "$copy/build.log" 2>&1 \
    || { cat "$copy/build.log"; echo "reproducibility: the second build failed" >&2; exit 1; }

compared=0
different=()
for m in "${present[@]}"; do
    for jar in "$copy/$m/target/"*.jar; do
        name=$(basename "$jar")
        [[ "$name" == *-tests.jar ]] && continue  # test jars are not published
        first="$root/$m/target/$name"
        if [[ ! -f "$first" ]]; then
            different+=("$m/target/$name (missing from the reactor build)")
        elif ! cmp -s "$first" "$jar"; then
            different+=("$m/target/$name")
            if command -v unzip > /dev/null; then  # which entries differ (size, CRC, name)
                diff <(unzip -lv "$first" | awk '{print $1, $7, $8}') <(unzip -lv "$jar" | awk '{print $1, $7, $8}') \
                    | head -20 || true
            fi
        fi
        compared=$((compared + 1))
    done
done

if (( ${#different[@]} > 0 )); then
    printf 'reproducibility: differs between two builds: %s\n' "${different[@]}" >&2
    exit 1
fi
if (( compared == 0 )); then
    echo "reproducibility: no jar compared" >&2
    exit 1
fi
echo "reproducibility: $compared published jars of ${#present[@]} modules are identical in two builds ($(( $(date +%s) - start )) s)"
