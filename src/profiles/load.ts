/**
 * Loads `profiles/<id>/*.yaml`: parses each file, validates it with its schema, then checks the
 * references between files. Every problem names the file, the path inside it (and the line) and
 * what is wrong; any problem refuses the whole profile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isValidPhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ineligibilityReasons } from '../core/catalog/eligibility.ts';
import { REQUIRED_MESSAGE_KEYS, type Profile, type ProfileFiles } from './profile.ts';
import { CatalogFile, ChannelsFile, DemoFile, IvrFile, LANGUAGES, MessagesFile, OperatorFile, RulesFile, type IvrNode } from './schema.ts';

export type ProfileProblem = { file: string; path: string; line?: number | undefined; message: string };

export class ProfileError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: ProfileProblem[],
  ) {
    super(`Operator profile ${dir} is invalid:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ProfileError';
  }
}

export function formatProblem(p: ProfileProblem): string {
  const where = p.path ? `${p.file}: ${p.path}${p.line ? ` (line ${p.line})` : ''}` : p.file;
  return `${where}: ${p.message}`;
}

const FILES = {
  operator: { schema: OperatorFile, required: true },
  catalog: { schema: CatalogFile, required: true },
  rules: { schema: RulesFile, required: false },
  messages: { schema: MessagesFile, required: true },
  ivr: { schema: IvrFile, required: true },
  demo: { schema: DemoFile, required: false },
  channels: { schema: ChannelsFile, required: false },
} as const;
type FileName = keyof typeof FILES;

type Parsed = { doc: Document; counter: LineCounter; file: string };

/** Loads and validates the profile in `dir`; throws `ProfileError` listing every problem. */
export function loadProfile(dir: string): Profile {
  const problems: ProfileProblem[] = [];
  const parsed = new Map<FileName, Parsed>();
  const data: Partial<Record<FileName, unknown>> = {};
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ProfileError(dir, [{ file: dir, path: '', message: 'no such profile folder' }]);
  }

  for (const [name, spec] of Object.entries(FILES) as [FileName, (typeof FILES)[FileName]][]) {
    const file = path.join(dir, `${name}.yaml`);
    const shown = path.relative(process.cwd(), file) || file;
    if (!fs.existsSync(file)) {
      if (spec.required) problems.push({ file: shown, path: '', message: 'file is missing' });
      data[name] = (spec.schema as z.ZodType).parse(name === 'demo' ? { customers: [] } : {});
      continue;
    }
    const counter = new LineCounter();
    const doc = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter: counter, uniqueKeys: true });
    const p: Parsed = { doc, counter, file: shown };
    parsed.set(name, p);
    if (doc.errors.length > 0) {
      for (const e of doc.errors)
        problems.push({ file: shown, path: '', line: e.linePos?.[0]?.line, message: e.message.split('\n')[0] ?? e.message });
      continue;
    }
    const result = (spec.schema as z.ZodType).safeParse(doc.toJS() ?? {});
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(at(p, issue.path, issue.message));
      continue;
    }
    data[name] = result.data;
  }
  if (problems.length > 0) throw new ProfileError(dir, problems);

  const files = data as ProfileFiles;
  crossCheck(files, path.basename(dir), (file, p, message) => {
    const source = parsed.get(file);
    problems.push(source ? at(source, p, message) : { file, path: pathText(p), message });
  });
  if (problems.length > 0) throw new ProfileError(dir, problems);
  return toProfile(files);
}

type Report = (file: FileName, path: PropertyKey[], message: string) => void;

function crossCheck(f: ProfileFiles, folder: string, report: Report): void {
  const { operator, catalog, messages, ivr, demo } = f;
  const languages = operator.languages;
  if (operator.id !== folder) report('operator', ['id'], `must equal the folder name "${folder}"`);
  if (new Set(languages).size !== languages.length) report('operator', ['languages'], 'lists a language twice');

  // Every localized text has every language of the profile.
  const sources: [FileName, unknown][] = [
    ['operator', operator],
    ['catalog', catalog],
    ['ivr', ivr],
  ];
  for (const [file, value] of sources) {
    walkLocalized(value, [], (p, text) => {
      const missing = languages.filter((l) => !(l in text));
      if (missing.length > 0) report(file, p, `has no text in ${missing.join(', ')}`);
    });
  }

  // Catalog ids and references.
  const tariffIds = duplicates(
    catalog.tariffs.map((t) => t.id),
    (i, v) => report('catalog', ['tariffs', i, 'id'], `tariff id "${v}" is used twice`),
  );
  const serviceIds = duplicates(
    catalog.services.map((s) => s.id),
    (i, v) => report('catalog', ['services', i, 'id'], `service id "${v}" is used twice`),
  );
  catalog.tariffs.forEach((t, i) =>
    t.includedServices.forEach((s, j) => {
      if (!serviceIds.has(s)) report('catalog', ['tariffs', i, 'includedServices', j], `unknown service "${s}"`);
    }),
  );
  catalog.services.forEach((s, i) =>
    s.excludedTariffs.forEach((t, j) => {
      if (!tariffIds.has(t)) report('catalog', ['services', i, 'excludedTariffs', j], `unknown tariff "${t}"`);
    }),
  );

  // USSD codes and SMS commands are unique across the profile.
  const ussdOwners = new Map<string, string>();
  operator.ussd.forEach((u, i) => {
    const owner = ussdOwners.get(u.code);
    if (owner) report('operator', ['ussd', i, 'code'], `"${u.code}" is already used by ${owner}`);
    else ussdOwners.set(u.code, `operator.yaml ussd[${i}]`);
  });
  const shortNumbers = new Set(Object.values(operator.shortNumbers).map((s) => s.number));
  const smsOwners = new Map<string, string>();
  catalog.services.forEach((s, i) => {
    const code = s.activation.ussd;
    if (code) {
      const owner = ussdOwners.get(code);
      if (owner) report('catalog', ['services', i, 'activation', 'ussd'], `"${code}" is already used by ${owner}`);
      else ussdOwners.set(code, `service "${s.id}"`);
    }
    const sms = s.activation.sms;
    if (sms) {
      if (!shortNumbers.has(sms.to))
        report('catalog', ['services', i, 'activation', 'sms', 'to'], `"${sms.to}" is not one of the operator's short numbers`);
      const key = `${sms.to}|${sms.text.trim().toLowerCase()}`;
      const owner = smsOwners.get(key);
      if (owner) report('catalog', ['services', i, 'activation', 'sms'], `SMS "${sms.text}" to ${sms.to} is already used by ${owner}`);
      else smsOwners.set(key, `service "${s.id}"`);
    }
  });

  // Messages: every language, every required key.
  for (const language of languages) {
    const templates = messages[language];
    if (!templates) {
      report('messages', [language], 'is missing');
      continue;
    }
    for (const key of REQUIRED_MESSAGE_KEYS) if (!(key in templates)) report('messages', [language, key], 'is missing');
  }
  for (const language of Object.keys(messages)) {
    if (!languages.includes(language as (typeof LANGUAGES)[number]))
      report('messages', [language], `is not one of the profile's languages (${languages.join(', ')})`);
  }

  // IVR: keys unique among siblings, gotos point somewhere, required services exist.
  const paths = new Set<string>();
  const gotos: { at: PropertyKey[]; target: string }[] = [];
  const walkMenu = (items: IvrNode[], prefix: string, at: PropertyKey[]) => {
    const seen = new Set<string>();
    items.forEach((node, i) => {
      const here = [...at, i];
      if (seen.has(node.key)) report('ivr', [...here, 'key'], `key "${node.key}" is used twice in this menu`);
      seen.add(node.key);
      const nodePath = prefix ? `${prefix}.${node.key}` : node.key;
      paths.add(nodePath);
      if (node.goto) gotos.push({ at: [...here, 'goto'], target: node.goto });
      node.requires?.services?.forEach((s, j) => {
        if (!serviceIds.has(s)) report('ivr', [...here, 'requires', 'services', j], `unknown service "${s}"`);
      });
      if (!node.items?.length && !node.action && !node.goto) report('ivr', here, 'leads nowhere: give it items, an action or a goto');
      if (node.items) walkMenu(node.items, nodePath, [...here, 'items']);
    });
  };
  walkMenu(ivr.menu, '', ['menu']);
  for (const g of gotos) if (!paths.has(g.target)) report('ivr', g.at, `points to menu item "${g.target}", which does not exist`);

  // Amounts fit the currency's minor units (whole forints when minorUnits is 0).
  const scale = 10 ** operator.currency.minorUnits;
  const checkAmount = (file: FileName, p: PropertyKey[], amount: number | undefined) => {
    if (amount !== undefined && Math.abs(amount * scale - Math.round(amount * scale)) > 1e-6) {
      report(file, p, `${amount} has more decimals than ${operator.currency.code} allows (${operator.currency.minorUnits})`);
    }
  };
  catalog.tariffs.forEach((t, i) => {
    checkAmount('catalog', ['tariffs', i, 'fee', 'amount'], t.fee.amount);
    checkAmount('catalog', ['tariffs', i, 'changeFee'], t.changeFee);
    checkAmount('catalog', ['tariffs', i, 'purchaseLimit'], t.purchaseLimit);
    for (const [k, v] of Object.entries(t.prices)) checkAmount('catalog', ['tariffs', i, 'prices', k], v);
  });
  catalog.services.forEach((s, i) => {
    checkAmount('catalog', ['services', i, 'fee', 'amount'], s.fee?.amount);
    checkAmount('catalog', ['services', i, 'activationFee'], s.activationFee);
  });
  demo.customers.forEach((c, i) => c.lines.forEach((l, j) => checkAmount('demo', ['customers', i, 'lines', j, 'balance'], l.balance)));

  // Demo data: valid numbers, known and eligible offers.
  const seenNumbers = new Set<string>();
  demo.customers.forEach((c, i) =>
    c.lines.forEach((line, j) => {
      const here = ['customers', i, 'lines', j];
      if (!isValidPhoneNumber(line.number, operator.country as CountryCode))
        report('demo', [...here, 'number'], `"${line.number}" is not a valid ${operator.country} phone number in E.164`);
      if (seenNumbers.has(line.number)) report('demo', [...here, 'number'], `"${line.number}" is used twice`);
      seenNumbers.add(line.number);
      if (line.language && !languages.includes(line.language))
        report('demo', [...here, 'language'], `"${line.language}" is not one of the profile's languages`);
      const who = { segment: c.segment, paymentType: line.paymentType, lineType: line.lineType };
      const tariff = catalog.tariffs.find((t) => t.id === line.tariff);
      if (!tariff) report('demo', [...here, 'tariff'], `unknown tariff "${line.tariff}"`);
      else if (ineligibilityReasons(tariff.eligibility, who).length > 0)
        report(
          'demo',
          [...here, 'tariff'],
          `tariff "${line.tariff}" is not available to this line (${ineligibilityReasons(tariff.eligibility, who).join(', ')})`,
        );
      line.services.forEach((sid, k) => {
        const service = catalog.services.find((s) => s.id === sid);
        if (!service) report('demo', [...here, 'services', k], `unknown service "${sid}"`);
        else if (ineligibilityReasons(service.eligibility, who).length > 0)
          report('demo', [...here, 'services', k], `service "${sid}" is not available to this line`);
      });
    }),
  );
}

function toProfile(f: ProfileFiles): Profile {
  const scale = 10 ** f.operator.currency.minorUnits;
  const minor = (amount: number) => Math.round(amount * scale);
  const [defaultLanguage] = f.operator.languages;
  if (!defaultLanguage) throw new Error('unreachable: languages has at least one entry');
  return {
    id: f.operator.id,
    name: f.operator.name,
    brand: f.operator.brand,
    brandColor: f.operator.brandColor,
    country: f.operator.country,
    currency: f.operator.currency,
    timeZone: f.operator.timeZone,
    languages: f.operator.languages,
    defaultLanguage,
    contacts: f.operator.contacts,
    shortNumbers: f.operator.shortNumbers,
    ussd: f.operator.ussd,
    tariffs: f.catalog.tariffs.map((t) => ({
      ...t,
      descriptions: t.descriptions,
      fee: { amount: minor(t.fee.amount), period: t.fee.period },
      prices: { voicePerMinute: minor(t.prices.voicePerMinute), smsEach: minor(t.prices.smsEach), dataPerMb: minor(t.prices.dataPerMb) },
      purchaseLimit: t.purchaseLimit === undefined ? undefined : minor(t.purchaseLimit),
      changeFee: minor(t.changeFee),
    })),
    services: f.catalog.services.map((s) => ({
      ...s,
      descriptions: s.descriptions,
      fee: s.fee ? { amount: minor(s.fee.amount), period: s.fee.period } : undefined,
      activationFee: minor(s.activationFee),
    })),
    rules: f.rules,
    messages: f.messages,
    ivr: f.ivr,
    channels: f.channels,
    demo: f.demo.customers.map((c) => ({ ...c, lines: c.lines.map((l) => ({ ...l, balance: minor(l.balance) })) })),
  };
}

function at(source: Parsed, p: PropertyKey[], message: string): ProfileProblem {
  const node = source.doc.getIn(
    p.map((k) => (typeof k === 'symbol' ? String(k) : k)),
    true,
  ) as { range?: [number, number, number] } | undefined;
  let nodeForLine = node;
  // A missing key has no node: point at its parent instead.
  for (let depth = p.length - 1; !nodeForLine?.range && depth >= 0; depth--) {
    nodeForLine = source.doc.getIn(p.slice(0, depth) as (string | number)[], true) as typeof node;
  }
  const line = nodeForLine?.range ? source.counter.linePos(nodeForLine.range[0]).line : undefined;
  return { file: source.file, path: pathText(p), line, message };
}

function pathText(p: PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

function duplicates(values: string[], onDuplicate: (index: number, value: string) => void): Set<string> {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) onDuplicate(i, v);
    seen.add(v);
  });
  return seen;
}

const LANGUAGE_SET = new Set<string>(LANGUAGES);

/** Calls `visit` for every object whose keys are all language codes: a localized text. */
function walkLocalized(value: unknown, p: PropertyKey[], visit: (p: PropertyKey[], text: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkLocalized(v, [...p, i], visit));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value);
  if (entries.length > 0 && entries.every(([k, v]) => LANGUAGE_SET.has(k) && typeof v === 'string')) {
    visit(p, value as Record<string, unknown>);
    return;
  }
  for (const [k, v] of entries) walkLocalized(v, [...p, k], visit);
}
