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
import { requireLine } from '../../core/subscribers/require-line.ts';
import { localize } from '../../profiles/profile.ts';
import type { Language, UssdMenuItem } from '../../profiles/schema.ts';
import { channelText, errorReply, languageOf, runAction } from '../replies.ts';
import { paginate } from './screen.ts';
import { endSession, findLiveSession, saveSession } from './ussd-session.repository.ts';

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
  const { profile } = deps;
  let language = profile.defaultLanguage;
  try {
    const now = deps.clock.now();
    const live = await findLiveSession(deps.db, req.sessionKey, now.toISOString());
    // A live session already knows the line's language: one read less per step.
    language = live ? (JSON.parse(live.state) as State).language : await languageOf(deps, req.number);
    const number = toE164(req.number, profile.country);
    if (live && live.number !== number) {
      throw new AppError('conflict', `USSD session ${req.sessionKey} belongs to another number`);
    }
    if (req.input === undefined || !live) {
      if (req.input !== undefined) return { text: channelText(profile, language, 'sessionExpired'), end: true };
      return await start(deps, req.sessionKey, number, (req.dialled ?? '').trim(), language);
    }
    const state = JSON.parse(live.state) as State;
    if (req.step !== undefined && req.step === live.steps) return { text: state.last, end: false };
    return await step(deps, req.sessionKey, number, state, live.steps + 1, req.input.trim());
  } catch (error) {
    return { text: errorReply(profile, language, error), end: true };
  }
}

async function start(deps: CoreDeps, key: string, number: string, dialled: string, language: Language): Promise<UssdScreen> {
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
  await requireLine(deps, number);
  const state: State = { path: [], page: 0, pages: null, last: '', language };
  return show(deps, key, number, state, 0, menuScreens(deps, state)[0] ?? '');
}

async function step(deps: CoreDeps, key: string, number: string, state: State, steps: number, input: string): Promise<UssdScreen> {
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
  let result: string;
  try {
    result = await runAction(deps, number, language, item.action, item.service, actorOf(number));
  } catch (error) {
    result = errorReply(profile, language, error);
  }
  const pages = paginate(result.split('\n'), (more) => (more ? `${keys.more} ${channelText(profile, language, 'more')}` : ''));
  if (pages.length === 1) {
    await endSession(deps.db, key);
    return { text: pages[0] ?? result, end: true };
  }
  const footer = (more: boolean) =>
    [more ? `${keys.more} ${channelText(profile, language, 'more')}` : '', `${keys.main} ${channelText(profile, language, 'main')}`]
      .filter(Boolean)
      .join(' ');
  const contentPages = paginate(result.split('\n'), footer);
  return show(deps, key, number, { ...state, pages: contentPages, page: 0 }, steps, contentPages[0]);
}

async function invalid(deps: CoreDeps, key: string, number: string, state: State, steps: number): Promise<UssdScreen> {
  const prefix = channelText(deps.profile, state.language, 'invalidChoice');
  const screen = state.pages ? (state.pages[state.page] ?? '') : (menuScreens(deps, state, prefix)[state.page] ?? '');
  return show(deps, key, number, state, steps, screen);
}

/** Stores the position and answers with a CON screen. */
async function show(deps: CoreDeps, key: string, number: string, state: State, steps: number, screen?: string): Promise<UssdScreen> {
  const text = screen ?? menuScreens(deps, state)[state.page] ?? '';
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.profile.channels.ussd.idleSeconds * 1000).toISOString();
  await saveSession(
    deps.db,
    { sessionKey: key, number, state: JSON.stringify({ ...state, last: text }), steps, expiresAt },
    now.toISOString(),
  );
  return { text, end: false };
}

function nodeItems(deps: CoreDeps, path: string[]): UssdMenuItem[] | undefined {
  let items: UssdMenuItem[] | undefined = deps.profile.channels.ussd.menu;
  for (const k of path) items = items?.find((i) => i.key === k)?.items;
  return items;
}

/** The screens of the menu at the state's path, with an optional first line. */
function menuScreens(deps: CoreDeps, state: State, prefix?: string): string[] {
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
