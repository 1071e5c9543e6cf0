/** The black list of a line (S4.4): the numbers it blocks, whether the service is on, the limit. */
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { presentBlackList, type BlackList } from './black-list-rules.ts';

export type GetBlackListInput = { number: string; language: Language };

export async function getBlackList(deps: CoreDeps, input: GetBlackListInput): Promise<BlackList> {
  const line = await requireLine(deps, input.number);
  return presentBlackList(deps, line, input.language);
}
