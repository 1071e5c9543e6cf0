/** Who may have a tariff or service: the one place the eligibility rules are evaluated. */
import type { Eligibility } from '../../profiles/profile.ts';
import type { LineType, PaymentType, Segment } from '../../profiles/schema.ts';

export type LineProfile = { segment: Segment; paymentType: PaymentType; lineType: LineType };

export type IneligibleReason = 'segment' | 'payment_type' | 'line_type';

/** The reasons a line may not have an offer with these rules; empty when it may. */
export function ineligibilityReasons(rules: Eligibility, line: LineProfile): IneligibleReason[] {
  const reasons: IneligibleReason[] = [];
  if (rules.segments && !rules.segments.includes(line.segment)) reasons.push('segment');
  if (rules.paymentTypes && !rules.paymentTypes.includes(line.paymentType)) reasons.push('payment_type');
  if (rules.lineTypes && !rules.lineTypes.includes(line.lineType)) reasons.push('line_type');
  return reasons;
}
