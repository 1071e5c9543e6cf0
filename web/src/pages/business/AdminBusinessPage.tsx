/** The operator admin's review of business applications (S4.8): staff sign-in, then approve or reject each with a reason. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, type ApiError } from '../../api/client.ts';
import type { BusinessApplication } from '../../api/types.ts';
import { Badge, Card, ErrorNotice, Loading, PageTitle, Phone, SuccessNotice } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { useBusy } from '../../components/auth.tsx';
import { asApiError, send } from './business-api.ts';

const STATUSES = ['pending', 'approved', 'rejected'] as const;
type Status = (typeof STATUSES)[number];

export function AdminBusinessPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>('pending');
  const list = useApi<{ applications: BusinessApplication[] }>(`/business/applications?status=${status}`);
  const [notice, setNotice] = useState<string | undefined>();
  const reviewed = (message: string) => {
    setNotice(message);
    list.reload();
  };

  if (list.error?.status === 401 || list.error?.status === 403) {
    return (
      <>
        <PageTitle sub={t('business.admin.signInIntro')}>{t('business.admin.title')}</PageTitle>
        {list.error.status === 403 ? <ErrorNotice error={list.error} /> : null}
        <StaffSignIn onSignedIn={list.reload} />
      </>
    );
  }
  return (
    <>
      <PageTitle sub={t('business.admin.intro')}>{t('business.admin.title')}</PageTitle>
      <div className="stack">
        <Card>
          <div className="field biz-filter">
            <label htmlFor="biz-status">{t('business.admin.show')}</label>
            <select id="biz-status" name="status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`business.admin.statuses.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </Card>
        {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
        {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
        {list.loading && !list.data ? <Loading /> : null}
        {list.data && list.data.applications.length === 0 ? (
          <Card>
            <p className="muted">{t('business.admin.empty')}</p>
          </Card>
        ) : null}
        {list.data?.applications.map((a) => (
          <ApplicationCard key={a.id} application={a} onReviewed={reviewed} />
        ))}
      </div>
    </>
  );
}

function ApplicationCard(props: { application: BusinessApplication; onReviewed: (message: string) => void }) {
  const { t } = useTranslation();
  const a = props.application;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const reasonId = `reason-${a.id}`;

  async function review(decision: 'approve' | 'reject') {
    setBusy(true);
    setError(undefined);
    try {
      await send(`/business/applications/${a.id}/review`, 'POST', { decision, ...(reason.trim() ? { reason } : {}) });
      props.onReviewed(decision === 'approve' ? t('business.admin.approved') : t('business.admin.rejected'));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      className="biz-page"
      title={<bdi>{a.company}</bdi>}
      id={`application-${a.id}`}
      actions={
        <Badge tone={a.status === 'approved' ? 'good' : a.status === 'rejected' ? 'bad' : 'warn'}>
          {t(`business.admin.statuses.${a.status}`)}
        </Badge>
      }
    >
      <dl className="biz-facts" data-application={a.id}>
        <div>
          <dt>{t('business.admin.region')}</dt>
          <dd>
            <bdi>{a.region}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('business.admin.contact')}</dt>
          <dd>
            <Phone number={a.contactNumber} />
          </dd>
        </div>
        <div>
          <dt>{t('business.admin.received')}</dt>
          <dd>
            <bdi>{formatDate(a.createdAt, true)}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('business.admin.lines')}</dt>
          <dd>
            <ul className="biz-numbers">
              {a.lines.map((n) => (
                <li key={n}>
                  <Phone number={n} />
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      {a.message ? (
        <blockquote className="biz-message">
          <bdi>{a.message}</bdi>
        </blockquote>
      ) : null}
      {a.reason ? (
        <p className="muted small">
          {t('business.admin.reason')}: <bdi>{a.reason}</bdi>
        </p>
      ) : null}
      {a.status === 'pending' ? (
        <div className="stack biz-form">
          <label className="field" htmlFor={reasonId}>
            <span>{t('business.admin.reasonLabel')}</span>
            <input id={reasonId} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </label>
          {error ? <ErrorNotice error={error} /> : null}
          <div className="button-row">
            <button type="button" className="button" disabled={busy} onClick={() => void review('approve')}>
              {t('business.admin.approve')}
            </button>
            <button type="button" className="button button-ghost" disabled={busy} onClick={() => void review('reject')}>
              {t('business.admin.reject')}
            </button>
          </div>
        </div>
      ) : null}
    </Card>
  );
}

/** Staff sign-in with login and password (`POST /auth/staff/login`). */
function StaffSignIn(props: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const { busy, run } = useBusy();
  const submit = run(
    async () => {
      setError(undefined);
      await send('/auth/staff/login', 'POST', { login, password });
      props.onSignedIn();
    },
    (e) => setError(asApiError(e)),
  );

  return (
    <Card title={t('business.admin.signIn')} id="staff-sign-in">
      <form className="stack biz-form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('business.admin.login')}</span>
          <input name="login" value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" required maxLength={64} />
        </label>
        <label className="field">
          <span>{t('business.admin.password')}</span>
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
            maxLength={128}
          />
        </label>
        {error ? <ErrorNotice error={error} /> : null}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t('business.admin.signInButton')}
          </button>
        </div>
      </form>
    </Card>
  );
}
