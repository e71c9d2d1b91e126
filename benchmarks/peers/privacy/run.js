#!/usr/bin/env node
// Runs the npm peers `redact-pii` and `compromise` on the shared privacy evaluation splits and writes
// what each one finds as JSON lines, in the span format and type vocabulary `tandem eval privacy`
// reads with `--peers`:
//
//   npm ci && node run.js --data ../../../../shared/data/privacy --data ../../../datasets/privacy --out predictions
//
// writes predictions/<peer>/<split>.jsonl, one line per input line, in the same order:
//   {"text": "...", "spans": [{"type": "PERSON", "start": 0, "end": 11, "source_type": "people"}]}
// Offsets are UTF-16 code units (JavaScript string indices), end exclusive, as in the input.
// --data may be given more than once. Only dev and test splits are read (never train). Progress goes
// to stderr.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const nlp = require('compromise');
const { NameRedactor } = require('redact-pii/lib/built-ins/NameRedactor');
const { SimpleRegexpRedactor } = require('redact-pii/lib/built-ins/SimpleRegexpRedactor');
const redactPiiPatterns = require('redact-pii/lib/built-ins/simple-regexp-patterns');

// Peer labels mapped to Tandem's entity types (dev.tandem.router.privacy.PrivacyEntityTypes). Types
// Tandem does not have keep a name of their own; `tandem eval privacy` maps STREET_ADDRESS and
// POSTCODE to ADDRESS, for the peers and for Tandem alike.
const REDACT_PII_TYPES = {
  creditCardNumber: 'CREDIT_CARD',
  streetAddress: 'STREET_ADDRESS',
  zipcode: 'POSTCODE',
  phoneNumber: 'PHONE',
  ipAddress: 'IP_ADDRESS',
  usSocialSecurityNumber: 'US_SSN',
  emailAddress: 'EMAIL',
  username: 'USERNAME',
  password: 'SECRET',
  credentials: 'SECRET',
  digits: 'DIGITS',
  url: 'URL',
  names: 'PERSON',
};

const COMPROMISE_VIEWS = [
  ['people', 'PERSON'],
  ['places', 'LOCATION'],
  ['organizations', 'ORGANIZATION'],
  ['emails', 'EMAIL'],
  ['phoneNumbers', 'PHONE'],
];

function parseArgs(argv) {
  const args = { data: [], out: 'predictions', splits: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--data') args.data.push(value);
    else if (flag === '--out') args.out = value;
    else if (flag === '--splits') args.splits = value.split(',');
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: node run.js [--data DIR]... [--out DIR] [--splits wnut17.test,gum.dev,...]');
      process.exit(0);
    } else {
      console.error(`unknown option '${flag}'; try --help`);
      process.exit(2);
    }
    i++;
    if (value === undefined) {
      console.error(`option '${flag}' needs a value`);
      process.exit(2);
    }
  }
  return args;
}

// redact-pii only returns redacted text. Its own composition (SyncRedactor) runs the built-in
// regexps in declaration order and then the name redactor, each on the output of the previous one.
// We run the same chain with a private-use sentinel per type as the replacement, then align the
// literal pieces of the result with the original text: every gap between them is one found span.
const SENTINEL_OPEN = '\uE000';
const SENTINEL_CLOSE = '\uE001';
const redactPiiChain = Object.keys(redactPiiPatterns)
  .map((name) => [name, new SimpleRegexpRedactor({ regexpPattern: redactPiiPatterns[name], replaceWith: sentinel(name) })])
  .concat([['names', new NameRedactor(sentinel('names'))]]);
const redactPiiNames = redactPiiChain.map(([name]) => name);

function sentinel(name) {
  return SENTINEL_OPEN + String.fromCharCode(0xe100 + Object.keys(REDACT_PII_TYPES).indexOf(name)) + SENTINEL_CLOSE;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function redactPiiSpans(text) {
  let redacted = text;
  for (const [, redactor] of redactPiiChain) {
    redacted = redactor.redact(redacted);
  }
  const sentinelPattern = new RegExp(SENTINEL_OPEN + '([\\s\\S])' + SENTINEL_CLOSE, 'g');
  const literals = [];
  const types = [];
  let last = 0;
  for (const match of redacted.matchAll(sentinelPattern)) {
    literals.push(redacted.slice(last, match.index));
    types.push(Object.keys(REDACT_PII_TYPES)[match[1].charCodeAt(0) - 0xe100]);
    last = match.index + match[0].length;
  }
  literals.push(redacted.slice(last));
  if (types.length === 0) return { spans: [], unaligned: false };
  // A redaction replaces at least one character, so each gap is non-empty; the lazy groups pick the
  // shortest gaps that let every literal piece match in order.
  const alignment = new RegExp(
    '^' + literals.map(escapeRegExp).join('([\\s\\S]+?)') + '$',
    'd'
  ).exec(text);
  if (alignment === null) return { spans: [], unaligned: true };
  const spans = [];
  for (let i = 0; i < types.length; i++) {
    const [start, end] = alignment.indices[i + 1];
    spans.push(trimmed(text, start, end, REDACT_PII_TYPES[types[i]], types[i]));
  }
  return { spans: spans.filter((span) => span !== null), unaligned: false };
}

function compromiseSpans(text) {
  const doc = nlp(text);
  const spans = [];
  for (const [view, type] of COMPROMISE_VIEWS) {
    for (const found of doc[view]().json({ offset: true })) {
      const { start, length } = found.offset;
      const span = trimmed(text, start, start + length, type, view);
      if (span !== null) spans.push(span);
    }
  }
  return removeOverlaps(spans);
}

// Peers may include surrounding whitespace or the sentence's closing punctuation in a span; the gold
// spans never do, so both are cut (this only helps the peers under exact matching).
// compromise's offsets run past the text now and then (a few texts per split); spans are clamped to it.
function trimmed(text, start, end, type, sourceType) {
  start = Math.max(0, start);
  end = Math.min(text.length, end);
  while (start < end && /[\s("'[]/.test(text[start])) start++;
  while (end > start && /[\s.,;:!?)"'\]\-–]/.test(text[end - 1])) end--;
  return start < end ? { type, start, end, source_type: sourceType } : null;
}

// compromise can report a term in two views (a person and an organization); keep the first view's
// span, in the order of COMPROMISE_VIEWS, so that spans never overlap, as in the gold data.
function removeOverlaps(spans) {
  const kept = [];
  for (const span of spans) {
    if (kept.every((other) => span.end <= other.start || other.end <= span.start)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

async function readLines(file) {
  const lines = [];
  const input = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of input) {
    if (line.trim() !== '') lines.push(JSON.parse(line).text);
  }
  return lines;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.data.length === 0) args.data.push('../../../../shared/data/privacy');
  const splits = [];
  for (const dir of args.data) {
    if (!fs.existsSync(dir)) {
      console.error(`no data directory at ${dir}; pass --data DIR (the shared privacy data)`);
      process.exit(2);
    }
    fs.readdirSync(dir)
      .filter((name) => /\.(dev|test)\.jsonl$/.test(name))
      .map((name) => name.replace(/\.jsonl$/, ''))
      .filter((split) => args.splits === null || args.splits.includes(split))
      .sort()
      .forEach((split) => splits.push({ split, file: path.join(dir, split + '.jsonl') }));
  }
  if (splits.length === 0) {
    console.error(`no dev or test splits (*.dev.jsonl, *.test.jsonl) selected in ${args.data.join(', ')}`);
    process.exit(2);
  }
  const peers = { 'redact-pii': redactPiiSpans, compromise: (text) => ({ spans: compromiseSpans(text), unaligned: false }) };
  for (const peer of Object.keys(peers)) fs.mkdirSync(path.join(args.out, peer), { recursive: true });
  for (const { split, file } of splits) {
    const texts = await readLines(file);
    for (const [peer, find] of Object.entries(peers)) {
      const started = Date.now();
      const out = [];
      let unaligned = 0;
      for (let i = 0; i < texts.length; i++) {
        const result = find(texts[i]);
        if (result.unaligned) unaligned++;
        out.push(JSON.stringify({ text: texts[i], spans: result.spans }));
        if (process.stderr.isTTY && ((i + 1) % 200 === 0 || i + 1 === texts.length)) {
          process.stderr.write(`\r${split} ${peer}: ${i + 1}/${texts.length}`);
        }
      }
      fs.writeFileSync(path.join(args.out, peer, split + '.jsonl'), out.join('\n') + '\n');
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(`${process.stderr.isTTY ? '' : `${split} ${peer}: ${texts.length}/${texts.length}`} (${seconds} s${unaligned > 0 ? `, ${unaligned} texts whose redaction could not be aligned, no spans kept` : ''})\n`);
    }
  }
  console.error(`wrote ${splits.length} splits x ${Object.keys(peers).length} peers to ${args.out}/`);
  console.error(`redact-pii chain: ${redactPiiNames.join(', ')}`);
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
