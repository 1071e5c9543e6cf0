/** Whether a line is enrolled for voice identification, and with how many samples. */
import type { LineRow } from '../../db/schema.ts';
import type { CoreDeps } from '../context.ts';
import { findVoiceprint } from './line-secret.repository.ts';
import { requireVoiceprints, voiceprintView, type VoiceprintView } from './voiceprint.ts';

export type GetVoiceprintInput = { line: LineRow };

export async function getVoiceprint(deps: CoreDeps, input: GetVoiceprintInput): Promise<VoiceprintView> {
  requireVoiceprints(deps);
  return voiceprintView(deps, await findVoiceprint(deps.db, input.line.id));
}
