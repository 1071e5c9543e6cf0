/** Lists companies' applications for an operator admin to review (S4.8), newest first. */
import { AppError } from '../errors.ts';
import type { CoreDeps } from '../context.ts';
import { authorize, type Principal } from '../identity/policy.ts';
import { listApplications, type ApplicationRow } from './business.repository.ts';

export type ListBusinessApplicationsInput = { status?: ApplicationRow['status'] | undefined; limit?: number | undefined };

export type BusinessApplicationView = {
  id: number;
  company: string;
  region: string;
  contactNumber: string;
  language: string;
  message: string;
  lines: string[];
  status: ApplicationRow['status'];
  reason: string | null;
  createdAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
};

export async function listBusinessApplications(
  deps: Pick<CoreDeps, 'db'>,
  principal: Principal | null,
  input: ListBusinessApplicationsInput,
): Promise<BusinessApplicationView[]> {
  authorize(principal, 'business.review');
  const limit = input.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new AppError('invalid_input', 'bad limit', {}, [{ path: 'limit', message: '1 to 500' }]);
  return (await listApplications(deps.db, input.status, limit)).map(applicationView);
}

/** The wire view of an application: the stored fields, lines parsed; it never held a PUK. */
export function applicationView(row: ApplicationRow): BusinessApplicationView {
  return {
    id: Number(row.id),
    company: row.company,
    region: row.region,
    contactNumber: row.contact_number,
    language: row.language,
    message: row.message,
    lines: JSON.parse(row.lines) as string[],
    status: row.status,
    reason: row.reason,
    createdAt: row.created_at,
    reviewedAt: row.reviewed_at,
    reviewedBy: row.reviewed_by,
  };
}
