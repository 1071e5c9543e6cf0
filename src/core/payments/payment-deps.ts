/** What the payment use cases need beyond the core: the configured payment providers and a log for refused events. */
import type { CoreDeps } from '../context.ts';
import type { PaymentProviders } from './payment-provider.ts';

/** A structured log without secrets: ids, amounts and codes only. */
export type PaymentLog = { warn(fields: Record<string, string | number | null>, message: string): void };

export type PaymentDeps = CoreDeps & { payments: PaymentProviders; log: PaymentLog };
