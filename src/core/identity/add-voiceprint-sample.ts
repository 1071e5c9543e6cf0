/** Records one more voice sample for a line (the voice engine keeps the audio); enough samples enrol it. */
import type { LineRow } from '../../db/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { identityRules } from './identity-deps.ts';
import { addVoiceprintSample, findVoiceprint, markVoiceprintEnrolled } from './line-secret.repository.ts';
import { requireVoiceprints, voiceprintView, type VoiceprintView } from './voiceprint.ts';

export type AddVoiceprintSampleInput = { line: LineRow };

export async function addVoiceprintSampleToLine(deps: CoreDeps, input: AddVoiceprintSampleInput, actor: Actor): Promise<VoiceprintView> {
  requireVoiceprints(deps);
  const rules = identityRules(deps).voiceprint;
  const now = deps.clock.now().toISOString();
  const samples = await addVoiceprintSample(deps.db, input.line.id, rules.maxSamples, now);
  if (samples === undefined) throw new AppError('voiceprint_full', `voiceprint of ${input.line.number} is full`);
  if (samples >= rules.minSamples) await markVoiceprintEnrolled(deps.db, input.line.id, now);
  const view = voiceprintView(deps, await findVoiceprint(deps.db, input.line.id));
  await writeAudit(deps.db, actor, deps.clock.now(), {
    action: 'voiceprint.sample',
    subjectType: 'line',
    subjectId: input.line.number,
    lineId: input.line.id,
    before: { samples: samples - 1 },
    after: { samples, enrolled: view.enrolled },
  });
  return view;
}
