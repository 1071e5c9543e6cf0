/** The voiceprint slot of a line (S1.2): how many samples it holds and whether that is enough to identify by voice. */
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { identityRules } from './identity-deps.ts';
import type { VoiceprintRow } from './line-secret.repository.ts';

export type VoiceprintView = { enrolled: boolean; samples: number; minSamples: number; maxSamples: number; enrolledAt: string | null };

export function requireVoiceprints(deps: Pick<CoreDeps, 'profile'>): void {
  if (!identityRules(deps).voiceprint.enabled) {
    throw new AppError('feature_not_available', 'voiceprints are off in this profile', { feature: 'Voice identification' });
  }
}

export function voiceprintView(deps: Pick<CoreDeps, 'profile'>, row: VoiceprintRow | undefined): VoiceprintView {
  const rules = identityRules(deps).voiceprint;
  return {
    enrolled: typeof row?.enrolledAt === 'string',
    samples: row?.samples ?? 0,
    minSamples: rules.minSamples,
    maxSamples: rules.maxSamples,
    enrolledAt: row?.enrolledAt ?? null,
  };
}
