/** Deletes a line's voiceprint (S1.2): the line goes back to the contract password. */
import type { LineRow } from '../../db/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { deleteVoiceprintRow, findVoiceprint } from './line-secret.repository.ts';
import { requireVoiceprints, voiceprintView, type VoiceprintView } from './voiceprint.ts';

export type DeleteVoiceprintInput = { line: LineRow };

export async function deleteVoiceprint(deps: CoreDeps, input: DeleteVoiceprintInput, actor: Actor): Promise<VoiceprintView> {
  requireVoiceprints(deps);
  const before = await findVoiceprint(deps.db, input.line.id);
  if (await deleteVoiceprintRow(deps.db, input.line.id)) {
    await writeAudit(deps.db, actor, deps.clock.now(), {
      action: 'voiceprint.delete',
      subjectType: 'line',
      subjectId: input.line.number,
      lineId: input.line.id,
      before: { samples: before?.samples ?? 0 },
      after: { samples: 0 },
    });
  }
  return voiceprintView(deps, undefined);
}
