/**
 * The USSD menu engine, transport-neutral. Menus are data (`channels.yaml` `ussd.menu`); each
 * action calls a core use case through `runAction`. One-step strings (`*100#`, `*111*2163#`) are
 * answered at once without a session; a menu dialogue keeps its position in `ussd_sessions`
 * (so any app process can take the next step) until it ends or stays idle too long.
 * Every screen fits one USSD message; longer content is paginated.
 */
import type { Actor, CoreDeps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { toE164 } from '../../core/subscribers/phone-number.ts';
import { localize, type Profile } from '../../profiles/profile.ts';
import type { Language, UssdMenuItem } from '../../profiles/schema.ts';
import { lineLanguage } from '../line-language.ts';
import { channelText, errorReply, runAction } from '../replies.ts';
import { paginate } from './screen.ts';
import { cachedSession, endSession, findLiveSession, saveSession, type SessionVersion } from './ussd-session.repository.ts';

export type UssdRequest = {
  /** `<adapter>:<gateway session id>`. */
  sessionKey: string;
  /** The subscriber's number as the gateway gives it. */
  number: string;
  /** The dialled string, on the first message of a dialogue (`*111#`). */
  dialled?: string | undefined;
  /** What the subscriber typed, on later messages. */
  input?: string | undefined;
  /** Position of this input in the dialogue when the gateway says it (Africa's Talking): a repeat is answered again, not applied twice. */
  step?: number | undefined;
};

export type UssdScreen = { text: string; end: boolean };

type State = { path: string[]; page: number; pages: string[] | null; last: string; language: Language };

const DIALLED = /^\*[0-9*]{1,30}#$/;
const INPUT = /^[0-9*#]{1,20}$/;

/** Answers one USSD message. Never throws for anything the subscriber or the gateway sent. */
export async function handleUssd(deps: CoreDeps, req: UssdRequest): Promise<UssdScreen> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await answer(deps, req, attempt === 0);
    } catch (error) {
      // Another process moved the session on between our read and our write: do the step again from the store.
      if (!(error instanceof StaleSession)) throw error;
    }
  }
  return { text: errorReply(deps.profile, deps.profile.defaultLanguage, new AppError('conflict', 'USSD session keeps moving')), end: true };
}

/**
 * Thrown before anything is written (and before any action runs, for a step that started from the
 * cache) when the step must be redone from the shared store.
 */
class StaleSession extends Error {}

/** Where a step writes: the session key and, for a step that continues a session, the version it read. */
type At = { key: string; prior: SessionVersion | undefined; cached: boolean };

/**
 * One attempt. With `useCache`, a step the gateway numbers (`req.step`) that continues the session
 * exactly where this process last left it starts from the cached copy instead of a store read; its
 * write is a compare-and-set on the version it started from, so if another process moved the
 * session on meanwhile nothing is applied and the step is redone from the store. Steps that would
 * run an action (a core use case) always start from the store.
 */
async function answer(deps: CoreDeps, req: UssdRequest, useCache: boolean): Promise<UssdScreen> {
  const { profile } = deps;
  let language = profile.defaultLanguage;
  try {
    if (req.input === undefined) {
      // A first message opens a new dialogue: no session to read. (A gateway may reuse a session id
      // once its dialogue is over; the write refuses an id that a live dialogue of another number holds.)
      const line = await lineOf(deps, req.number);
      language = languageOfLine(profile, line);
      const at: At = { key: req.sessionKey, prior: undefined, cached: false };
      return await start(deps, at, toE164(req.number, profile.country), line !== undefined, (req.dialled ?? '').trim(), language);
    }
    const now = deps.clock.now().toISOString();
    let live = useCache && req.step !== undefined ? cachedSession(deps.db, req.sessionKey, now) : undefined;
    if (live && req.step !== live.steps + 1) live = undefined;
    const cached = live !== undefined;
    live ??= await findLiveSession(deps.db, req.sessionKey, now);
    // A live session already knows the line's language: one read less per step.
    const state = live ? parseState(live.state) : undefined;
    // Without a session, one line read gives both the language and (for a menu) the line's existence.
    const line = state ? undefined : await lineOf(deps, req.number);
    language = state ? state.language : languageOfLine(profile, line);
    const number = toE164(req.number, profile.country);
    if (live && live.number !== number) {
      throw new AppError('conflict', `USSD session ${req.sessionKey} belongs to another number`);
    }
    if (!live || !state) return { text: channelText(profile, language, 'sessionExpired'), end: true };
    // A retransmission (or one that arrives after the dialogue moved on) is answered with the current screen, not applied.
    if (req.step !== undefined && req.step <= live.steps) return { text: state.last, end: false };
    const at: At = { key: req.sessionKey, prior: { number: live.number, steps: live.steps, updatedAt: live.updatedAt }, cached };
    return await step(deps, at, number, state, live.steps + 1, req.input.trim());
  } catch (error) {
    if (error instanceof StaleSession) throw error;
    return { text: errorReply(profile, language, error), end: true };
  }
}

const parsedStates = new Map<string, State>();

/** The session's state; the few distinct states of a menu are parsed once (read-only afterwards). */
function parseState(json: string): State {
  let state = parsedStates.get(json);
  if (!state) {
    state = JSON.parse(json) as State;
    if (parsedStates.size > 10_000) parsedStates.clear();
    parsedStates.set(json, state);
  }
  return state;
}

/** The caller's line (its language), or undefined for an unknown or malformed number. */
async function lineOf(deps: CoreDeps, number: string): Promise<{ language: string } | undefined> {
  try {
    const language = await lineLanguage(deps.db, toE164(number, deps.profile.country));
    return language === undefined ? undefined : { language };
  } catch {
    return undefined;
  }
}

/** The line's language when the profile speaks it, else the profile's default (as `languageOf`). */
function languageOfLine(profile: Profile, line: { language: string } | undefined): Language {
  const lang = line?.language as Language | undefined;
  return lang && profile.languages.includes(lang) ? lang : profile.defaultLanguage;
}

async function start(deps: CoreDeps, key: At, number: string, hasLine: boolean, dialled: string, language: Language): Promise<UssdScreen> {
  const { profile } = deps;
  const actor = actorOf(number);
  if (!DIALLED.test(dialled)) return { text: channelText(profile, language, 'unknownUssdCode'), end: true };
  const operatorCode = profile.ussd.find((u) => u.code === dialled);
  if (operatorCode && operatorCode.action !== 'menu') {
    return { text: await runAction(deps, number, language, operatorCode.action, undefined, actor), end: true };
  }
  const service = profile.services.find((s) => s.activation.ussd === dialled);
  if (service) return { text: await runAction(deps, number, language, 'activate', service.id, actor), end: true };
  if (!operatorCode || profile.channels.ussd.menu.length === 0) {
    return { text: channelText(profile, language, 'unknownUssdCode'), end: true };
  }
  if (!hasLine) throw new AppError('line_not_found', `no line ${number}`, { number });
  const state: State = { path: [], page: 0, pages: null, last: '', language };
  return show(deps, key, number, state, 0, menuScreens(deps, state)[0] ?? '');
}

async function step(deps: CoreDeps, key: At, number: string, state: State, steps: number, input: string): Promise<UssdScreen> {
  const { profile } = deps;
  const keys = profile.channels.ussd.keys;
  const language = state.language;
  if (!INPUT.test(input)) return invalid(deps, key, number, state, steps);
  if (input === keys.main) return show(deps, key, number, { ...state, path: [], page: 0, pages: null }, steps);
  if (state.pages) {
    if (input === keys.more && state.page + 1 < state.pages.length) {
      return show(deps, key, number, { ...state, page: state.page + 1 }, steps, state.pages[state.page + 1]);
    }
    if (input === keys.back) return show(deps, key, number, { ...state, page: 0, pages: null }, steps);
    return invalid(deps, key, number, state, steps);
  }
  const menuPages = menuScreens(deps, state);
  if (input === keys.more && state.page + 1 < menuPages.length) return show(deps, key, number, { ...state, page: state.page + 1 }, steps);
  if (input === keys.back) return show(deps, key, number, { ...state, path: state.path.slice(0, -1), page: 0 }, steps);
  const item = nodeItems(deps, state.path)?.find((i) => i.key === input);
  if (!item) return invalid(deps, key, number, state, steps);
  if (item.items) return show(deps, key, number, { ...state, path: [...state.path, item.key], page: 0 }, steps);
  if (!item.action) return invalid(deps, key, number, state, steps);
  // An action changes things: never on the strength of a cached copy of the session.
  if (key.cached) throw new StaleSession();
  let result: string;
  try {
    result = await runAction(deps, number, language, item.action, item.service, actorOf(number));
  } catch (error) {
    result = errorReply(profile, language, error);
  }
  const pages = paginate(result.split('\n'), (more) => (more ? `${keys.more} ${channelText(profile, language, 'more')}` : ''));
  if (pages.length === 1) {
    await endSession(deps.db, key.key);
    return { text: pages[0] ?? result, end: true };
  }
  const footer = (more: boolean) =>
    [more ? `${keys.more} ${channelText(profile, language, 'more')}` : '', `${keys.main} ${channelText(profile, language, 'main')}`]
      .filter(Boolean)
      .join(' ');
  const contentPages = paginate(result.split('\n'), footer);
  return show(deps, key, number, { ...state, pages: contentPages, page: 0 }, steps, contentPages[0]);
}

async function invalid(deps: CoreDeps, key: At, number: string, state: State, steps: number): Promise<UssdScreen> {
  const prefix = channelText(deps.profile, state.language, 'invalidChoice');
  const screen = state.pages ? (state.pages[state.page] ?? '') : (menuScreens(deps, state, prefix)[state.page] ?? '');
  return show(deps, key, number, state, steps, screen);
}

/** Stores the position and answers with a CON screen. */
function show(deps: CoreDeps, key: At, number: string, state: State, steps: number, screen?: string): Promise<UssdScreen> {
  const text = screen ?? menuScreens(deps, state)[state.page] ?? '';
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.profile.channels.ussd.idleSeconds * 1000).toISOString();
  const row = { sessionKey: key.key, number, state: JSON.stringify({ ...state, last: text }), steps, expiresAt };
  // One promise for the step's write (no async frame around it): this runs for every screen shown.
  return saveSession(deps.db, row, now.toISOString(), key.prior).then((saved) => {
    if (saved) return { text, end: false };
    if (key.prior) throw new StaleSession();
    throw new AppError('conflict', `USSD session ${key.key} is held by another number`);
  });
}

function nodeItems(deps: CoreDeps, path: string[]): UssdMenuItem[] | undefined {
  let items: UssdMenuItem[] | undefined = deps.profile.channels.ussd.menu;
  for (const k of path) items = items?.find((i) => i.key === k)?.items;
  return items;
}

const menuCache = new WeakMap<Profile, Map<string, string[]>>();

/** The screens of the menu at the state's path, with an optional first line: composed once per profile, language, path and prefix. */
function menuScreens(deps: CoreDeps, state: State, prefix?: string): string[] {
  let perProfile = menuCache.get(deps.profile);
  if (!perProfile) {
    perProfile = new Map();
    menuCache.set(deps.profile, perProfile);
  }
  const id = `${state.language}\u0000${state.path.join('*')}\u0000${prefix ?? ''}`;
  let screens = perProfile.get(id);
  if (!screens) {
    screens = composeMenuScreens(deps, state, prefix);
    perProfile.set(id, screens);
  }
  return screens;
}

function composeMenuScreens(deps: CoreDeps, state: State, prefix?: string): string[] {
  const { profile } = deps;
  const { keys, title, menu } = profile.channels.ussd;
  const lang = state.language;
  const l = (t: Parameters<typeof localize>[0]) => localize(t, lang, profile.defaultLanguage);
  let items = menu;
  let heading = l(title);
  for (const k of state.path) {
    const item = items.find((i) => i.key === k);
    if (!item?.items) break;
    heading = l(item.title ?? item.label);
    items = item.items;
  }
  const lines = [...(prefix ? [prefix] : []), heading, ...items.map((i) => `${i.key} ${l(i.label)}`)].filter(Boolean);
  const atRoot = state.path.length === 0;
  return paginate(lines, (more) =>
    [
      more ? `${keys.more} ${channelText(profile, lang, 'more')}` : '',
      atRoot ? '' : `${keys.back} ${channelText(profile, lang, 'back')} ${keys.main} ${channelText(profile, lang, 'main')}`,
    ]
      .filter(Boolean)
      .join(' '),
  );
}

function actorOf(number: string): Actor {
  return { type: 'subscriber', id: number, channel: 'ussd' };
}
